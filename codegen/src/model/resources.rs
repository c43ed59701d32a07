//! The stateful resources and the lists without an item path, and what each operation
//! does to them ([`Role`]).

use super::{Api, Method, Operation, ResponseKind, RustType, TypeId};
use crate::halo;
use std::collections::{HashMap, HashSet};

/// A stateful resource: records listed and saved on a collection path, read and deleted
/// on an item path.
#[derive(Debug, Clone)]
pub struct Resource {
    /// The collection path without its leading `/` (`Mailbox`).
    pub name: String,
    /// The module of the area that serves it.
    pub module: String,
    /// The record type.
    pub record: TypeId,
    /// The collection path (`/Mailbox`).
    pub collection: String,
    /// The item path (`/Mailbox/{id}`).
    pub item: String,
    /// The item path's parameter (`id`).
    pub id_param: String,
    /// The type of a record's id: its documented `id` field's type, or else the item path
    /// parameter's (`I64` for most, `String` for `ChatProfile`). A server that keeps the
    /// records (the fake) gives new records ids of this type.
    pub id_type: RustType,
    /// The wrapper key of its list response, when the spec names one.
    pub list_key: Option<String>,
}

/// A list without an item path (`GET /ToDo`, `GET /EmailAddressBook`): no [`Resource`],
/// but a server that keeps records (the fake) answers the records kept under its path, and
/// a `POST` of records to the path (`POST /ToDo`) saves them there.
#[derive(Debug, Clone)]
pub struct PathList {
    /// The path without its leading `/` (`ToDo`).
    pub name: String,
    /// The path (`/ToDo`).
    pub path: String,
    /// The type of a record's id: no item path names one, so Halo's integer ids (`I64`).
    pub id_type: RustType,
}

/// What an operation does to a [`Resource`], by its index in [`Api::resources`], or to a
/// [`PathList`], by its index in [`Api::path_lists`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `GET` on the collection path: a list of records.
    List(usize),
    /// `POST` on the collection path: create or update records, answered with the saved one.
    Save(usize),
    /// `GET` on the item path: one record.
    Get(usize),
    /// `DELETE` on the item path.
    Delete(usize),
    /// A list without path parameters that no resource serves: the records kept under its
    /// path ([`PathList`]).
    ListPath(usize),
    /// A `POST` answering a saved record, to a path a [`Role::ListPath`] `GET` reads: saves
    /// the records there.
    SavePath(usize),
    /// Anything else: an action, a webhook, a lookup.
    Other,
}

/// Finds the stateful resources and gives each operation its [`Role`]. A resource is a
/// collection path with an item path below it (`/X` and `/X/{id}`) whose operations agree
/// on one record type: the one `GET /X/{id}` answers, or else the one `GET /X` lists.
pub(super) fn find_resources(api: &mut Api) {
    let mut resources = Vec::new();
    let mut items = HashSet::new();
    for area in &api.areas {
        // The first operation of each path and method, looked up by them.
        let mut by_path: HashMap<(&str, Method), &Operation> = HashMap::new();
        for o in &area.operations {
            by_path.entry((o.path.as_str(), o.method)).or_insert(o);
        }
        for op in &area.operations {
            // Each item path once (its GET or its DELETE, whichever comes first).
            if op.path_params.len() != 1 || items.contains(op.path.as_str()) {
                continue;
            }
            let id_param = &op.path_params[0].name;
            let Some(collection) = op.path.strip_suffix(&format!("/{{{id_param}}}")) else {
                continue;
            };
            if collection.contains('{') || collection.is_empty() {
                continue;
            }
            let at = |path: &str, method: Method| by_path.get(&(path, method)).copied();
            let record = match at(&op.path, Method::Get).map(|o| &o.response.kind) {
                Some(ResponseKind::Record(id)) => Some(*id),
                _ => match at(collection, Method::Get).map(|o| &o.response.kind) {
                    Some(ResponseKind::List {
                        item: RustType::Model(id),
                        ..
                    }) => Some(*id),
                    _ => None,
                },
            };
            let Some(record) = record else { continue };
            let list_key = match at(collection, Method::Get).map(|o| &o.response.kind) {
                Some(ResponseKind::List { key, .. }) => key.clone(),
                _ => None,
            };
            let id_type = api
                .model(record)
                .fields
                .iter()
                .find(|f| f.json_name == halo::ID)
                .map_or_else(|| op.path_params[0].ty.clone(), |f| f.ty.clone());
            items.insert(op.path.as_str());
            resources.push(Resource {
                id_type,
                name: collection.trim_start_matches('/').to_owned(),
                module: area.module.clone(),
                record,
                collection: collection.to_owned(),
                item: op.path.clone(),
                id_param: id_param.clone(),
                list_key,
            });
        }
    }
    let roles = Roles::new(&resources);
    let roles: Vec<Vec<Role>> = api
        .areas
        .iter()
        .map(|area| area.operations.iter().map(|op| roles.of(op)).collect())
        .collect();
    for (area, roles) in api.areas.iter_mut().zip(roles) {
        for (op, role) in area.operations.iter_mut().zip(roles) {
            op.role = role;
        }
    }
    api.resources = resources;
}

/// Finds the lists without an item path ([`PathList`]) among the operations no resource
/// serves: a list without path parameters (any method), and a `POST` of records to a path
/// such a `GET` lists. Gives them [`Role::ListPath`] and [`Role::SavePath`].
pub(super) fn find_path_lists(api: &mut Api) {
    let lists = |op: &Operation| {
        op.role == Role::Other
            && op.path_params.is_empty()
            && matches!(op.response.kind, ResponseKind::List { .. })
    };
    let mut path_lists: Vec<PathList> = Vec::new();
    for (_, op) in api.operations().filter(|(_, op)| lists(op)) {
        if !path_lists.iter().any(|l| l.path == op.path) {
            path_lists.push(PathList {
                name: op.path.trim_start_matches('/').to_owned(),
                path: op.path.clone(),
                id_type: RustType::I64,
            });
        }
    }
    let read_by_get: Vec<String> = api
        .operations()
        .filter(|(_, op)| op.method == Method::Get && lists(op))
        .map(|(_, op)| op.path.clone())
        .collect();
    let index = |path: &str| path_lists.iter().position(|l| l.path == path);
    for area in &mut api.areas {
        for op in &mut area.operations {
            if lists(op) {
                op.role = index(&op.path).map_or(Role::Other, Role::ListPath);
            } else if op.role == Role::Other
                && matches!(op.response.kind, ResponseKind::Saved(_))
                && read_by_get.contains(&op.path)
            {
                op.role = index(&op.path).map_or(Role::Other, Role::SavePath);
            }
        }
    }
    api.path_lists = path_lists;
}

/// The resources by their collection and item paths, each list in resource order.
struct Roles<'a> {
    resources: &'a [Resource],
    by_path: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Roles<'a> {
    fn new(resources: &'a [Resource]) -> Self {
        let mut by_path: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, r) in resources.iter().enumerate() {
            by_path.entry(r.collection.as_str()).or_default().push(i);
            by_path.entry(r.item.as_str()).or_default().push(i);
        }
        Roles { resources, by_path }
    }

    /// The role of one operation: [`role`] over the resources whose paths it is at.
    fn of(&self, op: &Operation) -> Role {
        let Some(candidates) = self.by_path.get(op.path.as_str()) else {
            return Role::Other;
        };
        candidates
            .iter()
            .find_map(|&i| role(i, &self.resources[i], op))
            .unwrap_or(Role::Other)
    }
}

/// The role of one operation for resource `i`, if it has one there.
fn role(i: usize, r: &Resource, op: &Operation) -> Option<Role> {
    let same = |id: &TypeId| *id == r.record;
    let role = match (&op.response.kind, op.method) {
        (
            ResponseKind::List {
                item: RustType::Model(id),
                ..
            },
            Method::Get,
        ) if op.path == r.collection && same(id) => Role::List(i),
        (ResponseKind::Saved(id), Method::Post) if op.path == r.collection && same(id) => {
            Role::Save(i)
        }
        (ResponseKind::Record(id), Method::Get) if op.path == r.item && same(id) => Role::Get(i),
        (ResponseKind::Empty, Method::Delete) if op.path == r.item => Role::Delete(i),
        _ => return None,
    };
    Some(role)
}
