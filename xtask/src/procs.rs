//! Child processes that can always be stopped: by a timeout, or by Ctrl-C.
//!
//! Each test executable runs in a process group of its own, so a timeout kills the test
//! and anything it started. Because such a group no longer receives the terminal's
//! Ctrl-C, the xtask keeps a list of the groups it started and kills them itself.

use anyhow::Result;
use std::collections::BTreeSet;
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The process groups still running, and whether Ctrl-C came: one lock for both, so a
/// test started while the handler runs is either killed by it or kills itself.
static RUNNING: Mutex<Running> = Mutex::new(Running {
    groups: BTreeSet::new(),
    stopping: false,
});

struct Running {
    groups: BTreeSet<u32>,
    stopping: bool,
}

/// On Ctrl-C: stop every child process group we started, then exit as interrupted.
pub fn stop_children_on_ctrl_c() {
    let _ = ctrlc::set_handler(|| {
        kill_all();
        eprintln!("\ninterrupted: stopped every test that was running");
        std::process::exit(130);
    });
}

fn kill_all() {
    let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
    running.stopping = true;
    for pid in running.groups.iter() {
        kill_group(*pid);
    }
}

#[cfg(unix)]
fn kill_group(pid: u32) {
    // A negative pid names the whole process group.
    unsafe {
        libc::kill(-(pid as i32), libc::SIGKILL);
    }
}

#[cfg(not(unix))]
fn kill_group(_pid: u32) {}

/// How a child process ended.
pub struct Ended {
    pub success: bool,
    pub timed_out: bool,
    /// The signal that killed it, when it was not us.
    pub signal: Option<i32>,
    /// For a timeout: was it using a CPU when it was stopped? (Linux only.)
    pub busy: Option<bool>,
}

/// Runs `command` to the end or until `timeout`; with `cpu`, confined to that one CPU
/// (Linux only; elsewhere it runs unpinned).
pub fn run_with_timeout(
    mut command: Command,
    timeout: Duration,
    cpu: Option<usize>,
) -> Result<Ended> {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
        // A crashing test must not leave a core file in the learner's crate folder.
        // SAFETY: between fork and exec this only calls setrlimit and sched_setaffinity,
        // which are async-signal-safe system calls, on memory prepared before the fork.
        unsafe {
            command.pre_exec(move || {
                let none = libc::rlimit {
                    rlim_cur: 0,
                    rlim_max: 0,
                };
                libc::setrlimit(libc::RLIMIT_CORE, &none);
                #[cfg(target_os = "linux")]
                if let Some(cpu) = cpu {
                    let mut set: libc::cpu_set_t = std::mem::zeroed();
                    libc::CPU_SET(cpu, &mut set);
                    if libc::sched_setaffinity(0, std::mem::size_of_val(&set), &set) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                }
                Ok(())
            });
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = cpu;
    let mut child = command.spawn()?;
    let pid = child.id();
    {
        let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        if running.stopping {
            // Ctrl-C came while this test was starting: the handler has already run.
            kill_group(pid);
        }
        running.groups.insert(pid);
    }
    let started = Instant::now();
    let result = loop {
        if let Some(status) = child.try_wait()? {
            #[cfg(unix)]
            let signal = std::os::unix::process::ExitStatusExt::signal(&status);
            #[cfg(not(unix))]
            let signal = None;
            break Ended {
                success: status.success(),
                timed_out: false,
                signal,
                busy: None,
            };
        }
        if started.elapsed() >= timeout {
            let busy = busy(pid);
            kill_group(pid);
            let _ = child.kill();
            let _ = child.wait();
            break Ended {
                success: false,
                timed_out: true,
                signal: None,
                busy,
            };
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    // The test is over: take its group down too, in case it left processes behind.
    kill_group(pid);
    RUNNING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .groups
        .remove(&pid);
    Ok(result)
}

/// Whether process `pid` wants a CPU: is one of its threads running or waiting for a CPU
/// (state `R`) most of the time over a short window? A loop that never waits is always in
/// that state, however loaded the machine (it is then waiting for a CPU, not for an
/// event); a process that waits for something is asleep (`S` or `D`). Sampling the state
/// instead of measuring CPU time keeps the answer the same on a busy machine.
#[cfg(target_os = "linux")]
fn busy(pid: u32) -> Option<bool> {
    const SAMPLES: usize = 20;
    let mut running = 0;
    for _ in 0..SAMPLES {
        if any_thread_running(pid)? {
            running += 1;
        }
        std::thread::sleep(Duration::from_millis(15));
    }
    Some(running * 2 > SAMPLES)
}

#[cfg(not(target_os = "linux"))]
fn busy(_pid: u32) -> Option<bool> {
    None
}

/// Is any thread of any process in `pid`'s process group running or runnable? The group
/// holds the test and whatever it started (a test that re-runs itself in a child process,
/// for one): `/proc/*/stat` names each process's group, `/proc/P/task/*/stat` its threads.
#[cfg(target_os = "linux")]
fn any_thread_running(group: u32) -> Option<bool> {
    let processes = std::fs::read_dir("/proc").ok()?;
    let in_group = processes.flatten().filter(|p| {
        std::fs::read_to_string(p.path().join("stat"))
            .ok()
            .and_then(|stat| after_name(&stat).and_then(|f| f.get(2)?.parse::<u32>().ok()))
            == Some(group)
    });
    let mut running = false;
    for process in in_group {
        for task in std::fs::read_dir(process.path().join("task"))
            .into_iter()
            .flatten()
            .flatten()
        {
            let state = std::fs::read_to_string(task.path().join("stat"))
                .ok()
                .and_then(|stat| after_name(&stat).and_then(|f| f.first().map(|s| s == "R")));
            running |= state == Some(true);
        }
    }
    Some(running)
}

/// The fields of a `/proc/.../stat` line after the command name, which is in parentheses
/// and may hold spaces: the state, the parent, the process group, ...
#[cfg(target_os = "linux")]
fn after_name(stat: &str) -> Option<Vec<String>> {
    let (_, rest) = stat.rsplit_once(')')?;
    Some(rest.split_whitespace().map(str::to_string).collect())
}
