//! Halo's API conventions that the generator relies on, named once.

/// The query parameter holding the page number (from 1).
pub const PAGE_NO: &str = "page_no";

/// The query parameter holding the page size.
pub const PAGE_SIZE: &str = "page_size";

/// The query parameter that asks for a paged wrapper rather than everything (Halo's
/// spelling).
pub const PAGINATE: &str = "pageinate";

/// The key of a list wrapper holding the total number of records.
pub const RECORD_COUNT: &str = "record_count";

/// The key of a record's id.
pub const ID: &str = "id";
