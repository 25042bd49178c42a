"""Writes a queue database the way python-logstash-async's DatabaseCache does, with python3's own sqlite3.

The statements are those of DatabaseCache (logstash_async/database.py in python-logstash-async's public
source): its schema with both indexes, add_event, get_queued_events (select the unmarked events, mark them
pending_delete=1) and delete_queued_events, each in a connection of its own opened with
isolation_level='EXCLUSIVE' and used as a context manager, as its _connect does. Only the entry date of
"add N DAYS" differs: datetime('now', '-DAYS days') instead of datetime('now') stands for a process that ran
DAYS days ago.

usage: python_cache.py DB STEP...  with steps
  add N [DAYS]   add_event N times (entered DAYS days ago)
  claim          get_queued_events; prints "claimed ID,ID,..."
  crash          ends the process here, as a killed one would (whatever it claimed stays marked)
  deliver        get_queued_events, then delete_queued_events (a send that worked); prints "delivered N"
"""
import json
import os
import sqlite3
import sys

SCHEMA = [
    '''
    CREATE TABLE IF NOT EXISTS `event` (
    `event_id`          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    `event_text`        TEXT NOT NULL,
    `pending_delete`    INTEGER NOT NULL,
    `entry_date`        TEXT NOT NULL);
    ''',
    '''CREATE INDEX IF NOT EXISTS `idx_pending_delete` ON `event` (pending_delete);''',
    '''CREATE INDEX IF NOT EXISTS `idx_entry_date` ON `event` (entry_date);''',
]
CHUNK = 750  # constants.DATABASE_EVENT_CHUNK_SIZE


def connect(path):
    connection = sqlite3.connect(path, timeout=5.0, isolation_level='EXCLUSIVE')
    connection.row_factory = sqlite3.Row
    cursor = connection.cursor()
    for statement in SCHEMA:
        cursor.execute(statement)
    return connection


def add_event(path, text, days):
    entry_date = "datetime('now')" if days == 0 else "datetime('now', '-%d days')" % days
    connection = connect(path)
    try:
        with connection:
            connection.execute('INSERT INTO `event` (`event_text`, `pending_delete`, `entry_date`) VALUES (?, ?, '
                               + entry_date + ')', (text, False))
    finally:
        connection.close()


def bulk_update(cursor, events, statement_base):
    ids = [event[0] for event in events]
    for start in range(0, len(ids), CHUNK):
        subset = ids[start:start + CHUNK]
        cursor.execute(statement_base % ','.join('?' * len(subset)), subset)


def get_queued_events(path):
    connection = connect(path)
    try:
        with connection:
            cursor = connection.cursor()
            cursor.execute('SELECT `event_id`, `event_text` FROM `event` WHERE `pending_delete` = 0;')
            events = cursor.fetchall()
            bulk_update(cursor, events, 'UPDATE `event` SET `pending_delete`=1 WHERE `event_id` IN (%s);')
        return events
    finally:
        connection.close()


def delete_queued_events(path):
    connection = connect(path)
    try:
        with connection:
            connection.cursor().execute('DELETE FROM `event` WHERE `pending_delete`=1;')
    finally:
        connection.close()


def main(path, steps):
    added = 0
    while steps:
        step = steps.pop(0)
        if step == 'add':
            count = int(steps.pop(0))
            days = int(steps.pop(0)) if steps and steps[0].isdigit() else 0
            for _ in range(count):
                added += 1
                add_event(path, json.dumps({'@timestamp': '2025-03-01T12:00:00.000Z', '@version': '1',
                                            'level': 'INFO', 'message': 'from python %d' % added}), days)
        elif step == 'claim':
            print('claimed ' + ','.join(str(event[0]) for event in get_queued_events(path)), flush=True)
        elif step == 'crash':
            os._exit(0)
        elif step == 'deliver':
            events = get_queued_events(path)
            delete_queued_events(path)
            print('delivered %d' % len(events), flush=True)
        else:
            raise SystemExit('unknown step ' + step)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2:])
