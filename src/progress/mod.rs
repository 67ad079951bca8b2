//! Learner progress: the attempt log on disk and the learning state derived
//! from it. Pure of any terminal; the session and UI layers call it.
//!
//! * [`store`] — the progress file: location, loading, corruption
//!   backups, merging with concurrent kltutor processes; its plumbing is in
//!   `files` (bounded reads, atomic writes) and `decode` (schemas, migration).
//! * [`model`] — what is stored: attempts, lesson positions, session snapshots.
//! * [`mastery`] — per-concept levels, recomputed from the attempts.
//! * [`misconceptions`] — misconceptions per learner, recomputed from the attempts.
//! * [`review`] — the SM-2 review schedule, recomputed from the attempts.
//! * [`summary`] — `kltutor progress` as text and JSON.
//! * [`class`] — learners' exports read in one streaming pass and
//!   aggregated for `kltutor report`.
//!
//! Only facts are stored; everything judged from them is recomputed, so a
//! better rule applies to old progress and merging files is a union.

pub mod calibration;
pub mod class;
mod decode;
mod files;
pub mod mastery;
pub mod misconceptions;
pub mod model;
mod read;
pub mod review;
pub mod store;
pub mod summary;

pub use mastery::{Level, lesson_unlocked, levels};
pub use model::{Attempt, AttemptKind, Position, Progress, SessionSnapshot, now_ms};
pub use review::{Due, due};
pub use store::{Store, StoreWarning, resolve_data_dir};
