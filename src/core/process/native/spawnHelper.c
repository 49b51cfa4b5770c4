/*
 * The spawn helper in C: the fork helper's protocol (src/core/process/forkHelperScript.ts) served
 * the way the Python one (spawnHelperScript.ts) serves it, without an interpreter. The Python
 * helper costs ~0.3 ms of CPU a job, most of it the interpreter turning each request into
 * objects and back into a C argv and envp; here the request's bytes are the argv, and the environment (kept
 * from one request to the next, which carries only its changes) is one array of its own strings.
 *
 * Behaviour is the Python helper's, message texts included: the ready frame first; a job in its
 * own process group, every signal at its default and none blocked, stdin /dev/null, stdout and
 * stderr on pipes; the outputs file created first; execvp's PATH lookup on the step's PATH and
 * its /bin/sh for a file with no #! line; a folder that cannot be entered reported as an E frame
 * and exit 127. Built by esbuild.mjs (build.mjs here) into dist/native/; ForkHelper.ts runs it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Same bytes as READY_PAYLOAD in helperFrames.ts (a unit test compares the whole frame). */
#define READY "ansflow-helper-ready"
#define CHUNK 65536

/* glibc 2.29+: the child enters the folder itself, so the helper's own cwd never changes.
 * SPAWN_HELPER_NO_FCHDIR builds the other way, so that a test can run it. */
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 29)) && !defined(SPAWN_HELPER_NO_FCHDIR)
#define SPAWN_FCHDIR 1
#endif

struct job {
  uint32_t id;
  pid_t pid;
  int fd[2]; /* stdout, stderr read ends; -1 once closed */
  int open;
  int reaped;
};

static struct job *jobs;
static size_t njobs, capjobs;
static char *out; /* frames of this poll round, written at once */
static size_t outlen, outcap;
static int selfpipe[2];
static int devnull;
#if !defined(__linux__) || defined(SPAWN_HELPER_POSIX_SPAWN)
static posix_spawnattr_t attr;
#endif

static void *grow(void *p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return p;
  size_t c = *cap ? *cap : 16;
  while (c < need) c *= 2;
  p = realloc(p, c * size);
  if (!p) _exit(1);
  *cap = c;
  return p;
}

/* Room for a frame with `len` payload bytes; returns where the payload goes. */
static char *frame_at(char type, uint32_t id, size_t len) {
  out = grow(out, &outcap, outlen + 9 + len, 1);
  unsigned char *h = (unsigned char *)out + outlen;
  h[0] = (unsigned char)type;
  for (int i = 0; i < 4; i++) {
    h[1 + i] = (unsigned char)(id >> (24 - 8 * i));
    h[5 + i] = (unsigned char)((uint32_t)len >> (24 - 8 * i));
  }
  outlen += 9 + len;
  return (char *)h + 9;
}

static void frame(char type, uint32_t id, const char *d, size_t len) {
  char *p = frame_at(type, id, len);
  if (len) memcpy(p, d, len);
}

static void flush(void) {
  size_t off = 0;
  while (off < outlen) {
    ssize_t n = write(1, out + off, outlen - off);
    if (n < 0 && errno == EINTR) continue;
    /* Node has gone: nothing is listening for these jobs any more. */
    if (n < 0) _exit(0);
    off += (size_t)n;
  }
  outlen = 0;
}

static struct job *by_id(uint32_t id) {
  for (size_t i = 0; i < njobs; i++)
    if (jobs[i].id == id) return &jobs[i];
  return NULL;
}

static void finish(struct job *j) {
  if (!j->reaped || j->open) return;
  frame('C', j->id, NULL, 0);
  *j = jobs[--njobs];
}

static void unwatch(struct job *j, int s) {
  close(j->fd[s]);
  j->fd[s] = -1;
  j->open--;
}

static void drop(struct job *j) {
  for (int s = 0; s < 2; s++)
    if (j->fd[s] >= 0) unwatch(j, s);
  finish(j);
}

static void reap(void) {
  int s;
  pid_t p;
  while ((p = waitpid(-1, &s, WNOHANG)) > 0) {
    for (size_t i = 0; i < njobs; i++) {
      struct job *j = &jobs[i];
      if (j->pid != p || j->reaped) continue;
      j->reaped = 1;
      /* What the leader left in its group goes with it (the X frame tells Node so). */
      kill(-p, SIGKILL);
      char msg[32];
      int n = snprintf(msg, sizeof msg, "%d %d", (s >> 8) & 255, s & 127);
      frame('X', j->id, msg, (size_t)n);
      finish(j);
      break;
    }
  }
}

static void fail(uint32_t id, const char *what, const char *name, int err) {
  char *msg;
  int n = asprintf(&msg, "%s%s: %s\n", what, name, strerror(err));
  if (n < 0) _exit(1);
  frame('E', id, msg, (size_t)n);
  free(msg);
  frame('X', id, "127 0", 5);
  frame('C', id, NULL, 0);
}

/* As execvp: a name without a slash is looked up on the step's PATH, relative to its folder. */
static char *resolve(int dir, const char *cmd, const char *path) {
  if (strchr(cmd, '/')) return strdup(cmd);
  if (!path) path = "/bin:/usr/bin";
  for (;;) {
    const char *end = strchrnul(path, ':');
    int dl = (int)(end - path);
    char *f;
    if (asprintf(&f, "%.*s/%s", dl ? dl : 1, dl ? path : ".", cmd) < 0) _exit(1);
    struct stat st;
    if (faccessat(dir, f, X_OK, 0) == 0 && fstatat(dir, f, &st, 0) == 0 && !S_ISDIR(st.st_mode)) return f;
    free(f);
    if (!*end) return NULL;
    path = end + 1;
  }
}

#if defined(__linux__) && !defined(SPAWN_HELPER_POSIX_SPAWN)
/*
 * Linux: vfork and exec by hand. posix_spawn does the same through a clone with its own stack, which it maps
 * and unmaps for every job (the unmap flushes the TLB of the CPU the child ran on: an IPI, dear in a VM), asks
 * getrlimit for each file action, and resets all 64 signal dispositions in the child whichever are set. Here
 * the child runs on this stack while this process waits, and puts back only the dispositions this helper
 * changed (noted once at start; everything else is already the default, as SETSIGDEF asked).
 */
static int changed_signals[NSIG];
static int nchanged;

static void note_signals(void) {
  for (int s = 1; s < NSIG; s++) {
    struct sigaction sa;
    if (s != SIGKILL && s != SIGSTOP && sigaction(s, NULL, &sa) == 0 && sa.sa_handler != SIG_DFL) changed_signals[nchanged++] = s;
  }
}

/* What the child could not do before exec, read once it is gone (it shares this memory until then). */
static volatile int child_errno;

/*
 * The child's part, in a frame of its own below spawn_once's: what it writes on the stack it shares with this
 * process cannot land on a slot spawn_once still needs when vfork returns there. System calls only.
 */
__attribute__((noinline, noreturn)) static void exec_child(int dir, const char *exe, char **argv, char **envp, int ow, int ew) {
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  for (int i = 0; i < nchanged; i++) sigaction(changed_signals[i], &dfl, NULL);
  sigset_t none;
  sigemptyset(&none);
  if (setpgid(0, 0) == 0 && dup2(devnull, 0) == 0 && dup2(ow, 1) == 1 && dup2(ew, 2) == 2 && fchdir(dir) == 0) {
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(exe, argv, envp);
  }
  child_errno = errno;
  _exit(127);
}

static int spawn_once(pid_t *pid, int dir, const char *exe, char **argv, char **envp, int ow, int ew) {
  /* Every signal blocked across the fork: no handler of this helper may run in the child on this memory. */
  sigset_t all, old;
  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, &old);
  child_errno = 0;
  pid_t p = vfork();
  if (p == 0) exec_child(dir, exe, argv, envp, ow, ew);
  int err = p < 0 ? errno : child_errno;
  sigprocmask(SIG_SETMASK, &old, NULL);
  /* A child that could not exec is reaped here, before the reap loop could report it as a job's exit. */
  if (p > 0 && err) waitpid(p, NULL, 0);
  if (!err) *pid = p;
  return err;
}
#else
static int spawn_once(pid_t *pid, int dir, const char *exe, char **argv, char **envp, int ow, int ew) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, devnull, 0);
  posix_spawn_file_actions_adddup2(&fa, ow, 1);
  posix_spawn_file_actions_adddup2(&fa, ew, 2);
#ifdef SPAWN_FCHDIR
  posix_spawn_file_actions_addfchdir_np(&fa, dir);
#else
  /* No chdir action: enter the folder here for the spawn (one thread) and come back. */
  int home = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (home < 0 || fchdir(dir) < 0) _exit(1);
#endif
  int err = posix_spawn(pid, exe, &fa, &attr, argv, envp);
#ifndef SPAWN_FCHDIR
  if (fchdir(home) < 0) _exit(1);
  close(home);
#endif
  posix_spawn_file_actions_destroy(&fa);
  return err;
}
#endif

static int spawn(pid_t *pid, int dir, const char *exe, char **argv, char **envp, int ow, int ew) {
  int err = spawn_once(pid, dir, exe, argv, envp, ow, ew);
  if (err == ENOEXEC) {
    /* execvp runs a file with no #! line with the shell; execve and posix_spawn do not. */
    int argc = 0;
    while (argv[argc]) argc++;
    char **sh = calloc((size_t)argc + 2, sizeof *sh);
    if (!sh) _exit(1);
    sh[0] = "sh";
    sh[1] = (char *)exe;
    for (int i = 1; i < argc; i++) sh[i + 1] = argv[i];
    err = spawn_once(pid, dir, "/bin/sh", sh, envp, ow, ew);
    free(sh);
  }
  return err;
}

/* The environment kept from one start to the next, NULL-terminated: each S carries only changes. */
static char **env;
static size_t nenv, capenv;

/* `k=v` sets k, `k` alone unsets it. Order does not matter to a process; ~70 entries, so a scan. */
static void env_change(const char *kv) {
  const char *eq = strchr(kv, '=');
  size_t klen = eq ? (size_t)(eq - kv) : strlen(kv);
  size_t i = 0;
  while (i < nenv && !(strncmp(env[i], kv, klen) == 0 && env[i][klen] == '=')) i++;
  if (i < nenv) free(env[i]);
  if (!eq) {
    if (i < nenv) {
      env[i] = env[--nenv];
      env[nenv] = NULL;
    }
    return;
  }
  char *copy = strdup(kv);
  if (!copy) _exit(1);
  if (i == nenv) {
    env = grow(env, &capenv, nenv + 2, sizeof *env);
    nenv++;
    env[nenv] = NULL;
  }
  env[i] = copy;
}

/* S id cwd file pid envCount env… argv…: `f` holds `nf` fields and a NULL after them. */
static void start(char **f, size_t nf) {
  uint32_t id = (uint32_t)strtoul(f[0], NULL, 10);
  size_t n = strtoul(f[4], NULL, 10);
  if (n > nf || nf < 6 + n) {
    fail(id, "cannot run ", "", EINVAL);
    return;
  }
  char **argv = f + 5 + n;
  for (size_t i = 0; i < n; i++) env_change(f[5 + i]);
  /* The folder is opened once: the one checked is the one entered, and lookups are relative to it. */
  int dir = open(f[1], O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0 || faccessat(dir, ".", X_OK, 0) < 0) {
    int err = errno;
    if (dir >= 0) close(dir);
    fail(id, "cannot change to ", f[1], err);
    return;
  }
  if (*f[2]) {
    /* The step's outputs file: empty, 0600, not through a link. */
    int fd = openat(dir, f[2], O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) close(fd);
  }
  static char *none[] = { NULL };
  char **envp = env ? env : none;
  const char *path = NULL;
  for (size_t i = 0; i < nenv; i++)
    if (!strncmp(envp[i], "PATH=", 5)) path = envp[i] + 5;
  char *exe = resolve(dir, argv[0], path);
  int po[2], pe[2];
  pid_t pid;
  int err = ENOENT;
  /* CLOEXEC: no other job's process may hold these pipes open. dup2 clears it on 1 and 2. Out of
   * descriptors (many jobs at once), the job fails with that message and the helper goes on. */
  if (exe && pipe2(po, O_CLOEXEC) < 0) {
    err = errno;
  } else if (exe && pipe2(pe, O_CLOEXEC) < 0) {
    err = errno;
    close(po[0]);
    close(po[1]);
  } else if (exe) {
    err = spawn(&pid, dir, exe, argv, envp, po[1], pe[1]);
    close(po[1]);
    close(pe[1]);
    if (err) {
      close(po[0]);
      close(pe[0]);
    }
  }
  free(exe);
  close(dir);
  if (err) {
    fail(id, "cannot run ", argv[0], err);
    return;
  }
  jobs = grow(jobs, &capjobs, njobs + 1, sizeof *jobs);
  jobs[njobs++] = (struct job){ id, pid, { po[0], pe[0] }, 2, 0 };
  if (*f[3]) {
    char msg[16];
    frame('P', id, msg, (size_t)snprintf(msg, sizeof msg, "%d", (int)pid));
  }
}

/* One request body (NUL-terminated at body[len]). */
static void request(char *body, size_t len) {
  static char **f;
  static size_t capf;
  size_t nf = 0;
  for (char *p = body;; p += strlen(p) + 1) {
    f = grow(f, &capf, nf + 2, sizeof *f);
    f[nf++] = p;
    if (p + strlen(p) >= body + len) break;
  }
  f[nf] = NULL;
  if (!strcmp(f[0], "S") && nf >= 6) {
    start(f + 1, nf - 1);
  } else if (!strcmp(f[0], "D") && nf >= 2) {
    struct job *j = by_id((uint32_t)strtoul(f[1], NULL, 10));
    if (j) drop(j);
  } else if (!strcmp(f[0], "K") && nf >= 3) {
    struct job *j = by_id((uint32_t)strtoul(f[1], NULL, 10));
    /* Not reaped yet, so the pid is still this job's (a zombie holds it): no reuse race. */
    if (j && !j->reaped) kill(-j->pid, atoi(f[2]));
  }
}

static void on_chld(int sig) {
  (void)sig;
  int e = errno;
  ssize_t r = write(selfpipe[1], "x", 1);
  (void)r;
  errno = e;
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  /* A Ctrl-C in the terminal is the runner's to handle: it cancels the steps with their grace. */
  signal(SIGINT, SIG_IGN);
  /* Self-pipe: a SIGCHLD between reaping and poll still wakes poll at once. */
  if (pipe2(selfpipe, O_NONBLOCK | O_CLOEXEC) < 0) return 1;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_chld;
  sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
  sigaction(SIGCHLD, &sa, NULL);
#if defined(__linux__) && !defined(SPAWN_HELPER_POSIX_SPAWN)
  note_signals();
#endif
  devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (devnull < 0) return 1;
#if !defined(__linux__) || defined(SPAWN_HELPER_POSIX_SPAWN)
  /* One set of attributes for every job: own group, all signals default, none blocked. */
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setsigmask(&attr, &none);
#endif

  char *in = NULL;
  size_t inlen = 0, incap = 0;
  struct pollfd *fds = NULL;
  size_t capfds = 0;
  /* Which job and stream each polled pipe was, to notice one closed (and its number reused) meanwhile. */
  struct { uint32_t id; int s; } *who = NULL;
  size_t capwho = 0;
  frame('R', 0, READY, sizeof READY - 1);
  for (;;) {
    reap();
    flush();
    fds = grow(fds, &capfds, 2 + 2 * njobs, sizeof *fds);
    who = grow(who, &capwho, 2 + 2 * njobs, sizeof *who);
    size_t nfds = 0;
    fds[nfds++] = (struct pollfd){ 0, POLLIN, 0 };
    fds[nfds++] = (struct pollfd){ selfpipe[0], POLLIN, 0 };
    for (size_t i = 0; i < njobs; i++)
      for (int s = 0; s < 2; s++)
        if (jobs[i].fd[s] >= 0) {
          who[nfds].id = jobs[i].id;
          who[nfds].s = s;
          fds[nfds++] = (struct pollfd){ jobs[i].fd[s], POLLIN, 0 };
        }
    if (poll(fds, nfds, 5000) < 0) continue;
    for (size_t k = 0; k < nfds; k++) {
      if (!fds[k].revents) continue;
      if (k == 1) {
        char x[512];
        while (read(selfpipe[0], x, sizeof x) > 0) {}
      } else if (k == 0) {
        in = grow(in, &incap, inlen + CHUNK + 1, 1);
        ssize_t n = read(0, in + inlen, CHUNK);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          /* Node has gone: so do its jobs. */
          for (size_t i = 0; i < njobs; i++)
            if (!jobs[i].reaped) kill(-jobs[i].pid, SIGKILL);
          _exit(0);
        }
        inlen += (size_t)n;
        size_t off = 0;
        for (;;) {
          char *nl = memchr(in + off, '\n', inlen - off);
          if (!nl) break;
          char *end;
          unsigned long len = strtoul(in + off, &end, 10);
          if (end != nl) _exit(2); /* not our Node speaking */
          size_t body = (size_t)(nl + 1 - in);
          if (inlen - body < len) break;
          /* Terminate the body in place; the byte after it is the next request's, put back after. */
          char keep = in[body + len];
          in[body + len] = 0;
          request(in + body, len);
          in[body + len] = keep;
          off = body + len;
        }
        memmove(in, in + off, inlen - off);
        inlen -= off;
      } else {
        struct job *j = by_id(who[k].id);
        int s = who[k].s;
        if (!j || j->fd[s] != fds[k].fd) continue;
        char *p = frame_at(s ? 'E' : 'O', j->id, CHUNK);
        ssize_t n = read(j->fd[s], p, CHUNK);
        if (n < 0 && errno == EINTR) {
          outlen -= 9 + CHUNK;
        } else if (n > 0) {
          /* The frame was sized for a full read: fix its length to what came. */
          outlen -= CHUNK - (size_t)n;
          for (int i = 0; i < 4; i++) p[-4 + i] = (char)((uint32_t)n >> (24 - 8 * i));
        } else {
          outlen -= 9 + CHUNK;
          uint32_t id = j->id;
          unwatch(j, s);
          /* Pipes usually close as the leader exits: reap now rather than after another poll. */
          if (!j->open) reap();
          if ((j = by_id(id))) finish(j);
        }
      }
    }
  }
}
