//! [`Event`]: something the Application Manager did (list only, filter by ids).

use chrono::{DateTime, Utc};

use super::object::resource;
use super::{Event, EventName};

resource! {
    Event {
        kind: "Event",
        path: "events",
        names: Dns,
        addressing: IdOnly,
        // Events have no single-object endpoint; they are only listed.
        verbs: [],
        // `metadata.name` is the event name.
        name: |s| s.metadata.name.as_ref().map(EventName::as_str),
    }
}

impl Event {
    /// `metadata.name`: what happened.
    pub fn event_name(&self) -> Option<&EventName> {
        self.metadata.name.as_ref()
    }

    /// `spec.message`.
    pub fn message(&self) -> Option<&str> {
        self.spec.message.as_deref()
    }

    /// `metadata.createdAt`.
    pub fn created_at(&self) -> Option<DateTime<Utc>> {
        self.metadata.created_at
    }
}
