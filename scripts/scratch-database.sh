# Sourced by the proof scripts: creates a PostgreSQL database of their own next to DATABASE_URL.
#   scratch_database NAME   sets $url (the new database's URL) and $pg_admin (a psql command that
#   may drop it afterwards); it connects as the URL's role, or else as postgres on the same server.
scratch_database() {
  local name=$1 base hostport host port role
  base=${DATABASE_URL%/*}
  url="$base/$name"
  if psql "$DATABASE_URL" -X -q -c "CREATE DATABASE \"$name\"" >/dev/null 2>&1; then
    pg_admin="psql $DATABASE_URL -X -q"
    return
  fi
  hostport=${base##*@}
  host=${hostport%:*}
  port=${hostport##*:}
  [[ "$port" == "$hostport" ]] && port=5432
  role=${base#*://}
  role=${role%%[:@]*}
  pg_admin="psql -h $host -p $port -U postgres -d postgres -X -q"
  $pg_admin -c "CREATE DATABASE \"$name\" OWNER \"$role\"" >/dev/null ||
    { echo "cannot create a database for the test next to DATABASE_URL" >&2; exit 1; }
}
