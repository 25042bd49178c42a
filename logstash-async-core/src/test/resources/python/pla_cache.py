"""Runs python-logstash-async 4.0.2's own DatabaseCache (logstash_async/database.py, unchanged) on a database.

Usage: python3 pla_cache.py DATABASE COMMAND [ARGUMENT...]

  add TEXT...      add_event(TEXT) for each TEXT, as the handler's worker does for every record
  claim            get_queued_events(): marks up to 50 queued events pending_delete=1 and prints them,
                   one JSON object {"id": ..., "text": ...} a line, as the worker does before sending
  delete           delete_queued_events(): deletes every pending_delete=1 row, as after a sent batch
  requeue ID...    requeue_queued_events() on those ids: pending_delete=0 again, as after a failed send
  expire SECONDS   expire_events() of a DatabaseCache with event_ttl=SECONDS
  count            get_non_flushed_event_count(): prints the count of queued (pending_delete=0) rows
  vacuum           vacuum()

Exits 0 when the statement succeeded, 1 with the exception on stderr otherwise.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from logstash_async.database import DatabaseCache  # noqa: E402


def main(argv):
    path, command, arguments = argv[1], argv[2], argv[3:]
    if command == 'expire':
        DatabaseCache(path, event_ttl=int(arguments[0])).expire_events()
        return
    cache = DatabaseCache(path)
    if command == 'add':
        for text in arguments:
            cache.add_event(text)
    elif command == 'claim':
        for event in cache.get_queued_events():
            print(json.dumps({'id': event['event_id'], 'text': event['event_text']}))
    elif command == 'delete':
        cache.delete_queued_events()
    elif command == 'requeue':
        cache.requeue_queued_events([(int(event_id),) for event_id in arguments])
    elif command == 'count':
        print(cache.get_non_flushed_event_count())
    elif command == 'vacuum':
        cache.vacuum()
    else:
        raise SystemExit('unknown command: ' + command)


if __name__ == '__main__':
    main(sys.argv)
