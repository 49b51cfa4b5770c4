// The spawn helper: the fork helper's protocol (forkHelperScript.ts) served by Python with
// os.posix_spawn. glibc's posix_spawn starts the child with vfork semantics, so no page table is
// copied and nothing is copied on write afterwards: measured on 1,000 `bash -c true` jobs at
// concurrency 2, the helper's own CPU drops from ~0.8 ms a job (Perl: fork, then copy-on-write
// faults while the child is still sharing its pages) to ~0.3 ms, and the child's from ~1.9 ms to
// ~1.2 ms (no Perl code left to run between fork and exec). Used when python3 is on PATH; the Perl
// helper otherwise (see ForkHelper.ts). Needs Python 3.8 or later (os.posix_spawn): an older
// python3 exits with code 3 before its ready frame, and the jobs sent to it go to the next choice.
//
// Differences from the Perl helper, none visible to runProcess: the working folder is entered by
// the helper itself before the spawn (posix_spawn has no chdir action; the helper is
// single-threaded), a command that cannot start is reported as an `E` message plus exit 127
// without a `P` frame, and the helper ignores SIGINT (a Ctrl-C in the terminal is the runner's to
// handle: it cancels the steps with their grace period instead of losing the helper).

import { READY_PAYLOAD } from './helperFrames.js';

/** Python source of the helper, run with `python3 -I -S -c`. */
export const SPAWN_HELPER_SCRIPT = String.raw`
import os, select, signal, struct
# Exit before the ready frame: Node then hands the jobs it sent to the next helper.
if not hasattr(os, 'posix_spawn'):
    os._exit(3)
signal.signal(signal.SIGPIPE, signal.SIG_IGN)
signal.signal(signal.SIGINT, signal.SIG_IGN)
# Self-pipe: a SIGCHLD wakes poll at once.
sr, sw = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
signal.set_wakeup_fd(sw)
signal.signal(signal.SIGCHLD, lambda s, f: None)
null = os.open('/dev/null', os.O_RDONLY | os.O_CLOEXEC)
# Ignored or handled here; a step starts with every signal at its default.
RESET = {signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT, signal.SIGCHLD}
jobs, byfd, bypid = {}, {}, {}
poller = select.poll()
poller.register(0, select.POLLIN)
poller.register(sr, select.POLLIN)

def out(b):
    while b:
        try:
            n = os.write(1, b)
        except InterruptedError:
            continue
        except OSError:
            os._exit(0)
        b = b[n:]

# Frames of one poll round go out in one write: a job's exit and close (often with its last output)
# reach Node as one read, not three.
pend = []

def frame(t, i, d=b''):
    pend.append(struct.pack('>cII', t, i, len(d)) + d)

def flush():
    if pend:
        b = b''.join(pend)
        pend.clear()
        out(b)

def finish(i):
    j = jobs.get(i)
    if j and j[3] is not None and j[1] == 0:
        frame(b'C', i)
        bypid.pop(j[0], None)
        del jobs[i]

def unwatch(fd):
    del byfd[fd]
    poller.unregister(fd)
    os.close(fd)

def drop(i):
    j = jobs.get(i)
    if not j:
        return
    for fd in j[2]:
        if fd in byfd:
            unwatch(fd)
    j[1] = 0
    finish(i)

def reap():
    while True:
        try:
            p, s = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if p == 0:
            return
        i = bypid.get(p)
        if i is None:
            continue
        jobs[i][3] = s
        # What the leader left in its group goes with it (the X frame says so to Node).
        try:
            os.killpg(p, signal.SIGKILL)
        except OSError:
            pass
        frame(b'X', i, b'%d %d' % ((s >> 8) & 255, s & 127))
        finish(i)

def fail(i, msg):
    frame(b'E', i, msg)
    frame(b'X', i, b'127 0')
    frame(b'C', i)

def resolve(cmd, path):
    # As execvp: a name without a slash is looked up on the step's PATH.
    if b'/' in cmd:
        return cmd
    for d in (path if path is not None else b'/bin:/usr/bin').split(b':'):
        f = os.path.join(d or b'.', cmd)
        if os.access(f, os.X_OK) and not os.path.isdir(f):
            return f
    return None

def spawn(exe, argv, env, ow, ew):
    acts = [(os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, ow, 1), (os.POSIX_SPAWN_DUP2, ew, 2)]
    try:
        return os.posix_spawn(exe, argv, env, file_actions=acts, setpgroup=0, setsigdef=RESET, setsigmask=())
    except OSError as e:
        # execvp runs a file with no #! line with the shell; posix_spawn does not.
        if e.errno != 8:
            raise
        return os.posix_spawn(b'/bin/sh', [b'sh', exe] + argv[1:], env, file_actions=acts, setpgroup=0, setsigdef=RESET, setsigmask=())

# The step's outputs file: empty, 0600, not through a link.
TOUCH = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC

# The environment kept from one start to the next: each S carries only changes (k=v sets, k unsets).
env = {}

def start(f):
    i, cwd, out, want_pid, n = int(f[0]), f[1], f[2], f[3], int(f[4])
    for kv in f[5:5 + n]:
        k, eq, v = kv.partition(b'=')
        if eq:
            env[k] = v
        else:
            env.pop(k, None)
    argv = f[5 + n:]
    try:
        os.chdir(cwd)
    except OSError as e:
        return fail(i, b'cannot change to ' + cwd + b': ' + e.strerror.encode() + b'\n')
    if out:
        try:
            os.close(os.open(out, TOUCH, 0o600))
        except OSError:
            pass
    exe = resolve(argv[0], env.get(b'PATH'))
    if exe is None:
        return fail(i, b'cannot run ' + argv[0] + b': No such file or directory\n')
    orr, ow = os.pipe()
    er, ew = os.pipe()
    try:
        pid = spawn(exe, argv, env, ow, ew)
    except OSError as e:
        for fd in (orr, er):
            os.close(fd)
        return fail(i, b'cannot run ' + argv[0] + b': ' + e.strerror.encode() + b'\n')
    finally:
        os.close(ow)
        os.close(ew)
    jobs[i] = [pid, 2, (orr, er), None]
    bypid[pid] = i
    byfd[orr] = (i, b'O')
    byfd[er] = (i, b'E')
    poller.register(orr, select.POLLIN)
    poller.register(er, select.POLLIN)
    if want_pid:
        frame(b'P', i, b'%d' % pid)

def signal_job(i, sig):
    j = jobs.get(i)
    # Not reaped yet, so the pid is still this job's (a zombie holds it): no reuse race.
    if j and j[3] is None:
        try:
            os.killpg(j[0], sig)
        except OSError:
            pass

buf = b''
frame(b'R', 0, b'${READY_PAYLOAD}')
while True:
    reap()
    flush()
    for fd, ev in poller.poll(5000):
        if fd == sr:
            try:
                os.read(sr, 512)
            except BlockingIOError:
                pass
        elif fd == 0:
            c = os.read(0, 65536)
            if not c:
                for j in jobs.values():
                    try:
                        os.killpg(j[0], signal.SIGKILL)
                    except OSError:
                        pass
                os._exit(0)
            buf += c
            while True:
                nl = buf.find(b'\n')
                if nl < 0:
                    break
                ln = int(buf[:nl])
                if len(buf) < nl + 1 + ln:
                    break
                f = buf[nl + 1:nl + 1 + ln].split(b'\0')
                buf = buf[nl + 1 + ln:]
                if f[0] == b'S':
                    start(f[1:])
                elif f[0] == b'D':
                    drop(int(f[1]))
                elif f[0] == b'K':
                    signal_job(int(f[1]), int(f[2]))
        else:
            info = byfd.get(fd)
            if info is None:
                continue
            d = os.read(fd, 65536)
            if d:
                frame(info[1], info[0], d)
            else:
                i = info[0]
                unwatch(fd)
                jobs[i][1] -= 1
                # Pipes usually close as the leader exits: reap now rather than after another poll.
                if jobs[i][1] == 0:
                    reap()
                finish(i)
`;
