// The fork helper: a small long-lived Perl process that starts step processes for the runner.
// Forking the big Node process costs several milliseconds per step (the page tables are copied
// synchronously on the event loop); forking a 5 MiB Perl process costs a fraction of that, and the
// Node side only parses frames. Perl is used because it ships with practically every Unix and
// starts in milliseconds; without it the runner spawns directly (see ForkHelper.ts).
//
// Protocol, Node → helper (stdin): `<len>\n` then `len` bytes of NUL-separated fields:
//   S id cwd file pid envCount env… argv…   start a process (own process group, stdin /dev/null);
//                                   env: changes to the environment the helper keeps from one S to
//                                   the next (`k=v` sets k, `k` alone unsets it), so a step sends
//                                   only what differs from the previous one;
//                                   `file`, when not empty: created (or truncated) empty and 0600
//                                   first, not through a link (a step's outputs file); `pid`, when
//                                   not empty: send a P frame (otherwise a job costs Node only the
//                                   read that brings its exit)
//   D id                            forget a job: close its pipes (a descendant escaped the group)
//   K id signal                     signal the job's process group (ignored once the leader is reaped:
//                                   the group was killed then)
// Helper → Node (stdout): frames `type:1 byte, id:uint32 BE, len:uint32 BE, payload`:
//   R (job id 0, READY_PAYLOAD; written once, first, when the helper can serve) · P pid (when asked) · O stdout bytes · E stderr bytes · X "code signal" (leader exited; what it left in its
//   group has been sent SIGKILL already, so Node need not signal it) · C (pipes closed too)

import { READY_PAYLOAD } from './helperFrames.js';

/** Perl source of the helper, run with `perl -e`. */
export const FORK_HELPER_SCRIPT = String.raw`
use strict; use warnings;
use POSIX qw(:sys_wait_h setpgid); use Fcntl qw(O_WRONLY O_CREAT O_TRUNC O_NOFOLLOW);
use IO::Select; use IO::Handle;
$SIG{PIPE} = 'IGNORE';
binmode STDIN; binmode STDOUT;
# Self-pipe: a SIGCHLD between reaping and select still wakes select up at once.
pipe(my $sr, my $sw) or die; $sw->blocking(0); $sr->blocking(0);
$SIG{CHLD} = sub { syswrite($sw, 'x') };
my $sel = IO::Select->new(\*STDIN, $sr);
my (%jobs, %byfd, %bypid);
my $in = '';
sub out { my $b = shift; while (length $b) { my $n = syswrite(STDOUT, $b); if (!defined $n) { next if $!{EINTR}; exit 0 } substr($b, 0, $n) = '' } }
sub frame { my ($t, $id, $d) = @_; out(pack('aNN', $t, $id, length $d) . $d) }
sub finish { my $id = shift; my $j = $jobs{$id} or return;
  if (defined $j->{status} && $j->{open} == 0) { frame('C', $id, ''); delete $bypid{$j->{pid}}; delete $jobs{$id} } }
sub drop { my $id = shift; my $j = $jobs{$id} or return;
  for my $fh (@{$j->{fhs}}) { next unless defined fileno $fh; delete $byfd{fileno $fh}; $sel->remove($fh); close $fh }
  $j->{open} = 0; finish($id) }
sub reap { while ((my $p = waitpid(-1, WNOHANG)) > 0) { my $s = $?; my $id = $bypid{$p}; next unless defined $id;
  $jobs{$id}{status} = $s; kill('KILL', -$p); frame('X', $id, ($s >> 8) . ' ' . ($s & 127)); finish($id) } }
sub signal_job { my ($id, $sig) = @_; my $j = $jobs{$id} or return; kill($sig, -$j->{pid}) unless defined $j->{status} }
# The environment kept from one start to the next: each S carries only changes (k=v sets, k unsets).
my %env;
sub start { my @f = @_; my $id = shift @f; my $cwd = shift @f; my $file = shift @f; my $want_pid = shift @f; my $n = shift @f;
  for (1..$n) { my $kv = shift @f; my $i = index($kv, '='); if ($i < 0) { delete $env{$kv} } else { $env{substr($kv, 0, $i)} = substr($kv, $i + 1) } }
  if (length $file && sysopen(my $fh, $file, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600)) { close $fh }
  my @argv = @f;
  pipe(my $or, my $ow) or die; pipe(my $er, my $ew) or die;
  my $pid = fork();
  if (!defined $pid) { frame('X', $id, '127 0'); frame('C', $id, ''); return }
  if ($pid == 0) {
    setpgid(0, 0); $SIG{$_} = 'DEFAULT' for qw(PIPE CHLD INT TERM);
    open(STDIN, '<', '/dev/null'); open(STDOUT, '>&', $ow); open(STDERR, '>&', $ew);
    chdir($cwd) or do { print STDERR "cannot change to $cwd: $!\n"; POSIX::_exit(127) };
    %ENV = %env; { no warnings; exec { $argv[0] } @argv; } print STDERR "cannot run $argv[0]: $!\n"; POSIX::_exit(127);
  }
  setpgid($pid, $pid); close $ow; close $ew;
  $jobs{$id} = { pid => $pid, open => 2, fhs => [$or, $er] }; $bypid{$pid} = $id;
  $byfd{fileno $or} = [$id, 'O', $or]; $byfd{fileno $er} = [$id, 'E', $er];
  $sel->add($or, $er); frame('P', $id, $pid) if length $want_pid }
frame('R', 0, '${READY_PAYLOAD}');
while (1) {
  reap();
  my @ready = $sel->can_read(5);
  for my $fh (@ready) {
    if ($fh == $sr) { sysread($sr, my $x, 512); next }
    if (fileno($fh) == 0) {
      my $n = sysread(STDIN, my $c, 65536); next if !defined $n && $!{EINTR};
      if (!$n) { kill('KILL', -$_->{pid}) for values %jobs; exit 0 }
      $in .= $c;
      while ($in =~ /^(\d+)\n/) { my $len = $1; my $h = length($len) + 1; last if length($in) < $h + $len;
        my @f = split(/\0/, substr($in, $h, $len), -1); substr($in, 0, $h + $len) = '';
        my $cmd = shift @f; if ($cmd eq 'S') { start(@f) } elsif ($cmd eq 'D') { drop($f[0]) } elsif ($cmd eq 'K') { signal_job($f[0], $f[1]) } }
      next;
    }
    my $info = $byfd{fileno $fh} or next;
    my $n = sysread($fh, my $d, 65536); next if !defined $n && $!{EINTR};
    if ($n) { frame($info->[1], $info->[0], $d) }
    else { delete $byfd{fileno $fh}; $sel->remove($fh); close $fh; $jobs{$info->[0]}{open}--;
      # Pipes usually close as the leader exits: reap now rather than after another select round.
      reap() if $jobs{$info->[0]}{open} == 0; finish($info->[0]) }
  }
}
`;
