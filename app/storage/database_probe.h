#pragma once
// "Does this database answer?": the settings dialog's Test connection. A throw-away connection
// (its outbox in a temporary folder, no reconnection), opened on a thread of its own so that a
// host that does not answer (connect timeout, TLS handshake, a stalled server) never freezes the
// window that asked. It changes nothing: no folder or file is created, no migration runs.

#include <QString>

#include <functional>

class QObject;

namespace cg {

struct DatabaseProbe {
    bool connected = false;
    QString problem;             // why not, a sentence (when !connected)
    QString backendName;         // "SQLite" or "PostgreSQL"
    QString displayUrl;          // without its password
    int schemaVersion = 0;       // as the database is: a test migrates nothing
    int latestSchemaVersion = 0; // what this ChainGate migrates a database to when it opens it
    bool missing = false;        // an SQLite file that is not there yet (saving creates it)
};

// Blocks until the database answers or fails: call it off the GUI thread.
DatabaseProbe probeDatabase(const QString &url);

// probeDatabase on its own thread; done runs on context's thread, and not at all once context is
// gone.
void probeDatabaseAsync(const QString &url, QObject *context,
                        std::function<void(const DatabaseProbe &)> done);

} // namespace cg
