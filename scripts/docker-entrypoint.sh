#!/bin/sh
# Wait for the database and broker (one clear line if they never answer), then run the command.
set -e
python manage.py preflight --wait 60
exec "$@"
