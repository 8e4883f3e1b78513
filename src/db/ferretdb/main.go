// Command thuvien-ferretdb runs FerretDB v1 (SQLite backend) as the embedded database of
// Thư viện số. It is started and stopped by src/db/embedded.ts, never by hand.
//
// Why our own main instead of FerretDB's cmd/ferretdb: built from the Go module proxy, the
// upstream command panics at start-up because the module zip lacks build/version/version.txt.
// The embeddable package has no such check.
//
// Besides serving the wire protocol it does two jobs the app relies on:
//   - it exits when its standard input closes, so a killed parent never leaves it running;
//   - it keeps an index on the `_id` path expression of every FerretDB table. FerretDB v1
//     pushes `_id` lookups down to SQLite as `_ferretdb_sjson->'$._id' = ?`, but indexes
//     `_ferretdb_sjson->"_id"`, an expression SQLite does not treat as the same, so without this
//     index every lookup by `_id` scans the whole table.
//
// SQLite runs in WAL mode (FerretDB's default) with synchronous=NORMAL: a commit waits for no
// fsync, the WAL is synced at checkpoints. A crash of the process loses nothing; a power cut may
// lose the last commits but never corrupts the files. That is the durability MongoDB gives by
// default (a write is acknowledged before its journal is synced, every 100 ms), and with the
// default FULL every write waited for its own fsync (about 1 ms here), which bounded the whole
// app's write rate.
package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	_ "modernc.org/sqlite"
)

const idIndexSuffix = "__thuvien_id_path"

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:0", "TCP address to listen on (port 0 picks a free one)")
	dataDir := flag.String("data-dir", "data", "directory holding the SQLite files")
	logLevel := flag.String("log-level", "error", "FerretDB log level: debug, info, warn or error")
	flag.Parse()

	// Every request allocates a little and the live heap stays small, so at Go's default (GOGC=100)
	// the collector runs very often; measured under LTI launches, 400 spent about a fifth less CPU
	// in the database process. GOGC in the environment still decides when set.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	if err := run(ctx, stop, *listen, *dataDir, *logLevel); err != nil {
		report(map[string]any{"event": "error", "error": err.Error()})
		os.Exit(1)
	}
}

func run(ctx context.Context, stop context.CancelFunc, listen, dataDir, logLevel string) error {
	absDir, err := filepath.Abs(dataDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(absDir, 0o700); err != nil {
		return err
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad log level %q", logLevel)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + absDir + "/?_pragma=synchronous(normal)",
	})
	if err != nil {
		return err
	}

	indexer := &idIndexer{dir: absDir, dbs: map[string]*sql.DB{}}
	defer indexer.close()

	go followCommands(ctx, stop, indexer)
	go indexer.loop(ctx)

	served := make(chan struct{})
	go func() {
		f.Run(ctx)
		close(served)
	}()

	report(map[string]any{"event": "listening", "uri": f.MongoDBURI(), "pid": os.Getpid()})
	<-served
	report(map[string]any{"event": "stopped"})
	return nil
}

// followCommands reads commands from the parent, one per line, and stops on end of input:
// the parent closing our standard input (or dying) is our signal to shut down.
func followCommands(ctx context.Context, stop context.CancelFunc, indexer *idIndexer) {
	defer stop()
	scanner := bufio.NewScanner(os.Stdin)
	for scanner.Scan() {
		switch strings.TrimSpace(scanner.Text()) {
		case "index":
			n, err := indexer.sweep(ctx)
			if err != nil {
				report(map[string]any{"event": "indexed", "error": err.Error()})
				continue
			}
			report(map[string]any{"event": "indexed", "created": n})
		case "stop":
			return
		}
	}
}

var reportMu sync.Mutex

func report(v map[string]any) {
	reportMu.Lock()
	defer reportMu.Unlock()
	b, _ := json.Marshal(v)
	fmt.Fprintln(os.Stdout, string(b))
}

type idIndexer struct {
	mu  sync.Mutex
	dir string
	dbs map[string]*sql.DB
}

func (x *idIndexer) loop(ctx context.Context) {
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := x.sweep(ctx); err != nil && ctx.Err() == nil {
				report(map[string]any{"event": "index-error", "error": err.Error()})
			}
		}
	}
}

// sweep creates the missing `_id` path indexes in every database file and returns how many it made.
func (x *idIndexer) sweep(ctx context.Context) (int, error) {
	x.mu.Lock()
	defer x.mu.Unlock()

	files, err := filepath.Glob(filepath.Join(x.dir, "*.sqlite"))
	if err != nil {
		return 0, err
	}
	created := 0
	for _, file := range files {
		n, err := x.sweepFile(ctx, file)
		if err != nil {
			return created, fmt.Errorf("%s: %w", filepath.Base(file), err)
		}
		created += n
	}
	return created, nil
}

func (x *idIndexer) sweepFile(ctx context.Context, file string) (int, error) {
	db, ok := x.dbs[file]
	if !ok {
		var err error
		db, err = sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)")
		if err != nil {
			return 0, err
		}
		db.SetMaxOpenConns(1)
		x.dbs[file] = db
	}

	var hasMetadata int
	err := db.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_ferretdb_collections'`).Scan(&hasMetadata)
	if err != nil || hasMetadata == 0 {
		return 0, err
	}

	rows, err := db.QueryContext(ctx, `
		SELECT c.table_name FROM _ferretdb_collections c
		WHERE NOT EXISTS (SELECT 1 FROM sqlite_master m WHERE m.type = 'index' AND m.name = c.table_name || ?)
		  AND EXISTS (SELECT 1 FROM sqlite_master t WHERE t.type = 'table' AND t.name = c.table_name)`, idIndexSuffix)
	if err != nil {
		return 0, err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return 0, err
		}
		tables = append(tables, name)
	}
	rows.Close()

	created := 0
	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, table+idIndexSuffix, table)
		if _, err := db.ExecContext(ctx, q); err != nil {
			// The table may have been dropped since we listed it; the next sweep settles it.
			if strings.Contains(err.Error(), "no such table") {
				continue
			}
			return created, err
		}
		// Statistics tell SQLite's planner that the index is selective; without them it may
		// prefer scanning a small table that FerretDB has already analysed.
		if _, err := db.ExecContext(ctx, fmt.Sprintf(`ANALYZE %q`, table+idIndexSuffix)); err != nil {
			return created, err
		}
		created++
	}
	return created, nil
}

func (x *idIndexer) close() {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, db := range x.dbs {
		db.Close()
	}
}
