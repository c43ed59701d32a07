//! Posts a message to a live chat session.
//!
//! ```sh
//! HALOPSA_TENANT=acme HALOPSA_CLIENT_ID=… HALOPSA_CLIENT_SECRET=… \
//!     cargo run -p halopsa-examples --bin post_chat_message -- 42 "Hello from Rust"
//! ```
#![forbid(unsafe_code)]

use halopsa::chat::{self, LiveChatMsg};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let chat_id: i64 = args
        .next()
        .ok_or("usage: post_chat_message CHAT_ID TEXT")?
        .parse()?;
    let text = args.next().ok_or("usage: post_chat_message CHAT_ID TEXT")?;

    let client = halopsa::Client::from_env()?;

    let message = LiveChatMsg {
        chat_id: chat_id.into(),
        text: text.clone().into(),
        textplain: text.into(),
        ..LiveChatMsg::default()
    };
    // The docs describe no response body: it comes back as raw JSON.
    let answer = chat::create_chat_message(&client, &[message]).await?;
    println!("{answer:#}");
    Ok(())
}
