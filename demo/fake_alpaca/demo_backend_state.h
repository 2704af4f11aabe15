#pragma once
// DEMO's one simulated account for every front end: the paper account (orders, fills, positions,
// cash) kept in a file in the data folder, so `chaingate-cli positions` shows what the window
// holds. Every read or change of the account happens under a lock file (QLockFile), after
// loading what another process saved, and a change is written whole and atomically (QSaveFile).
// A file that cannot be read is renamed aside (never lost) and the account starts afresh.

#include "domain/result.h"
#include "market/simulated_market.h"

#include <QByteArray>
#include <QLockFile>
#include <QString>

#include <memory>

namespace cg::fake {

class SharedAccountFile final : public market::AccountSync {
public:
    static constexpr const char *kFileName = "demo-account.json";

    // Opens (creating the folder when needed) and checks the file when there is one: a corrupt
    // file is moved to "demo-account.json.corrupt-<time>" and notice() says so. The account is
    // loaded at the first pull, and the file written at the first push when there is none.
    static Result<std::unique_ptr<SharedAccountFile>> open(const QString &folder);
    ~SharedAccountFile() override;

    void pull(market::PaperAccount &account) override;
    void push(const market::PaperAccount &account) override;

    QString path() const { return m_path; }
    // A sentence for the trader when the file was set aside at open; empty otherwise.
    QString notice() const { return m_notice; }

    // The file's JSON <-> the account's state (for tests and tools).
    static QByteArray toJson(const market::PaperAccount::State &state);
    static Result<market::PaperAccount::State> fromJson(const QByteArray &json);

private:
    explicit SharedAccountFile(QString path);
    bool lock();
    void unlock();
    // Loads the file when it differs from what this process last saw (into `account`, when
    // given); a corrupt file is set aside. False when unreadable.
    bool load(market::PaperAccount *account);

    QString m_path;
    QLockFile m_lock;
    int m_depth = 0; // pulls not yet pushed (calls nest)
    bool m_locked = false;
    QByteArray m_known; // the bytes last loaded or saved
    QString m_notice;
};

} // namespace cg::fake
