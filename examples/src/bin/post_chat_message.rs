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

    let mut message = LiveChatMsg::default();
    message.chat_id = chat_id.into();
    message.text = text.clone().into();
    message.textplain = text.into();
    // Halo answers with the saved message (an array of them is accepted too).
    let saved = chat::create_chat_message(&client, &[message]).await?;
    for message in saved.iter() {
        println!("posted message {:?}", message.id.get());
    }
    Ok(())
}
