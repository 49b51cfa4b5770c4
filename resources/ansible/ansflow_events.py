# -*- coding: utf-8 -*-
# AnsFlow event callback for ansible-core >= 2.12: writes one JSON object per line for every play,
# task, per-host result and the final stats, to a dedicated file descriptor (ANSFLOW_EVENTS_FD) or
# file (ANSFLOW_EVENTS_FILE), so the events never mix with the normal stdout callback's output.
# It is a notification callback: enable it with ANSIBLE_CALLBACKS_ENABLED=ansflow_events.
# The TypeScript reader of these lines is src/core/clients/ansible/ansibleEvents.ts; keep both in step.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = '''
    name: ansflow_events
    type: notification
    short_description: JSON-lines events for AnsFlow
    description:
      - Emits play, task, host result and stats events as JSON lines on ANSFLOW_EVENTS_FD or ANSFLOW_EVENTS_FILE.
    requirements:
      - enable in configuration (ANSIBLE_CALLBACKS_ENABLED=ansflow_events)
'''

import json
import os
import time

from ansible.plugins.callback import CallbackBase

SCHEMA_VERSION = 1
# Result keys worth showing; the full result may hold large or sensitive data.
RESULT_KEYS = ('msg', 'rc', 'stderr', 'stdout', 'cmd', 'reason', 'exception', 'changed', 'failed', 'skipped', 'skip_reason')
MAX_TEXT = 4000


def _clip(value):
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return value[:MAX_TEXT] + '...'
    return value


def _split_path(path):
    if not path:
        return None, None
    file_part, sep, line = path.rpartition(':')
    if sep and line.isdigit():
        return file_part, int(line)
    return path, None


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'notification'
    CALLBACK_NAME = 'ansflow_events'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, display=None):
        super(CallbackModule, self).__init__(display=display)
        self._out = None
        self._task_started = {}
        fd = os.environ.get('ANSFLOW_EVENTS_FD')
        path = os.environ.get('ANSFLOW_EVENTS_FILE')
        try:
            if fd:
                self._out = os.fdopen(int(fd), 'w', buffering=1)
            elif path:
                self._out = open(path, 'a', buffering=1)
        except (OSError, ValueError) as e:
            self._display.warning('ansflow_events: cannot open the event channel: %s' % e)

    def _emit(self, event, **data):
        if self._out is None:
            return
        data['v'] = SCHEMA_VERSION
        data['event'] = event
        data['time'] = time.time()
        try:
            self._out.write(json.dumps(data, default=str, sort_keys=False) + '\n')
            self._out.flush()
        except (OSError, ValueError, TypeError):
            self._out = None

    def _task_info(self, task):
        file_name, line = _split_path(task.get_path())
        return {
            'task': task.get_name().strip(),
            'taskId': task._uuid,
            'action': task.action,
            'file': file_name,
            'line': line,
        }

    def _result(self, event, result, **extra):
        task = result._task
        data = self._task_info(task)
        data['host'] = result._host.get_name()
        res = result._result or {}
        if res.get('_ansible_no_log') or getattr(task, 'no_log', False):
            data['result'] = {'censored': True}
        else:
            data['result'] = dict((k, _clip(res[k])) for k in RESULT_KEYS if k in res)
        if '_ansible_item_label' in res or 'item' in res:
            data['item'] = _clip(str(res.get('_ansible_item_label', res.get('item'))))
        started = self._task_started.get(task._uuid)
        if started is not None:
            data['durationMs'] = int((time.time() - started) * 1000)
        data.update(extra)
        self._emit(event, **data)

    # playbook / play / task lifecycle
    def v2_playbook_on_start(self, playbook):
        self._emit('playbook_start', playbook=os.path.abspath(playbook._file_name))

    def v2_playbook_on_play_start(self, play):
        file_name, line = _split_path(play.get_path() if hasattr(play, 'get_path') else None)
        self._emit('play_start', play=play.get_name().strip(), playId=play._uuid, hosts=play.hosts, file=file_name, line=line)

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._task_started[task._uuid] = time.time()
        self._emit('task_start', **self._task_info(task))

    def v2_playbook_on_handler_task_start(self, task):
        self._task_started[task._uuid] = time.time()
        data = self._task_info(task)
        data['handler'] = True
        self._emit('task_start', **data)

    def v2_playbook_on_no_hosts_matched(self):
        self._emit('no_hosts_matched')

    # per-host results
    def v2_runner_on_ok(self, result):
        changed = bool((result._result or {}).get('changed', False))
        self._result('host_changed' if changed else 'host_ok', result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._result('host_failed', result, ignored=bool(ignore_errors))

    def v2_runner_on_skipped(self, result):
        self._result('host_skipped', result)

    def v2_runner_on_unreachable(self, result):
        self._result('host_unreachable', result)

    def v2_runner_retry(self, result):
        self._result('host_retry', result, attempt=(result._result or {}).get('attempts'))

    def v2_runner_item_on_ok(self, result):
        self._result('item_ok', result, changed=bool((result._result or {}).get('changed', False)))

    def v2_runner_item_on_failed(self, result):
        self._result('item_failed', result)

    def v2_runner_item_on_skipped(self, result):
        self._result('item_skipped', result)

    def v2_playbook_on_stats(self, stats):
        hosts = {}
        for h in sorted(stats.processed.keys()):
            s = stats.summarize(h)
            hosts[h] = {
                'ok': s.get('ok', 0), 'changed': s.get('changed', 0), 'failed': s.get('failures', 0),
                'unreachable': s.get('unreachable', 0), 'skipped': s.get('skipped', 0),
                'rescued': s.get('rescued', 0), 'ignored': s.get('ignored', 0),
            }
        self._emit('stats', hosts=hosts)
        if self._out is not None:
            try:
                self._out.close()
            except OSError:
                pass
            self._out = None
