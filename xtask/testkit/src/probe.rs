//! Asks the compiler whether a type is `Unpin`, for a trace: `is_unpin!(T)` is `"yes"`
//! or `"no"`.
//!
//! The inherent method `Probe::is_unpin` exists only when `T: Unpin`; otherwise method
//! lookup falls back to the trait's default, which says `false`.

use std::marker::PhantomData;

pub struct Probe<T: ?Sized>(pub PhantomData<T>);

pub trait NotUnpin {
    fn is_unpin(&self) -> bool {
        false
    }
}

impl<T: ?Sized> NotUnpin for Probe<T> {}

impl<T: ?Sized + Unpin> Probe<T> {
    pub fn is_unpin(&self) -> bool {
        true
    }
}

#[macro_export]
macro_rules! is_unpin {
    ($t:ty) => {{
        #[allow(unused_imports)]
        use $crate::probe::NotUnpin as _;
        $crate::yes_no($crate::probe::Probe::<$t>(std::marker::PhantomData).is_unpin())
    }};
}
