#include "keychain/alpaca_keychain.h"

#include <qt6keychain/keychain.h>

#include <QEventLoop>
#include <QLoggingCategory>
#include <QTimer>

namespace cg::keychain {

namespace {

Q_LOGGING_CATEGORY(lcKeychain, "chaingate.keychain", QtInfoMsg)

const QString kEntry = QStringLiteral("alpaca-api-keys");

AlpacaKeychain::Outcome outcomeOf(const QKeychain::Job *job) {
    switch (job->error()) {
    case QKeychain::NoError:
        return {};
    case QKeychain::EntryNotFound:
        return {AlpacaKeychain::Failure::NotFound,
                AlpacaKeychain::tr("No Alpaca keys are stored in the keychain.")};
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return {
            AlpacaKeychain::Failure::Unavailable,
            AlpacaKeychain::tr("The OS keychain is not available (%1).").arg(job->errorString())};
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return {AlpacaKeychain::Failure::Unavailable,
                AlpacaKeychain::tr("Access to the OS keychain was denied (%1).")
                    .arg(job->errorString())};
    default:
        // A missing Secret Service daemon surfaces as OtherError on Linux.
        return {
            AlpacaKeychain::Failure::Unavailable,
            AlpacaKeychain::tr("The OS keychain could not be used (%1).").arg(job->errorString())};
    }
}

// Jobs have no parent: each deletes itself once it has answered (autoDelete). qtkeychain 0.13's
// Secret Service backend hands libsecret the job's address and writes its answer there when it
// comes, so a job deleted before (its parent, this object, gone with the window or a test's
// console) is written to after it was freed: a crash (seen in tst_ui_window_layout once a
// session bus could be started). The finished connections use this object as their context, so
// an answer after this object is gone goes nowhere; a job that never answers stays (one small
// leak, only where the keychain hangs).

} // namespace

AlpacaKeychain::AlpacaKeychain(QString service, QObject *parent)
    : QObject(parent)
    , m_service(std::move(service)) {}

void AlpacaKeychain::read(std::function<void(std::optional<AlpacaKeys>, Outcome)> done) {
    auto *job = new QKeychain::ReadPasswordJob(m_service); // unowned: see above
    job->setKey(kEntry);
    job->setInsecureFallback(false);
    connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job *j) {
        Outcome outcome = outcomeOf(j);
        std::optional<AlpacaKeys> keys;
        if (outcome.failure == Failure::None) {
            const QString text = static_cast<QKeychain::ReadPasswordJob *>(j)->textData();
            const qsizetype nl = text.indexOf(QLatin1Char('\n'));
            if (nl > 0 && nl + 1 < text.size())
                keys = AlpacaKeys{text.left(nl), text.mid(nl + 1)};
            else
                outcome = {Failure::Other,
                           tr("The keychain entry for Alpaca is damaged; enter the keys again.")};
        }
        done(keys, outcome);
    });
    job->start();
}

void AlpacaKeychain::write(const AlpacaKeys &keys, std::function<void(Outcome)> done) {
    if (!keys.isComplete()) {
        done({Failure::Other, tr("Enter both the key id and the secret key.")});
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service); // unowned: see above
    job->setKey(kEntry);
    job->setInsecureFallback(false);
    job->setTextData(keys.keyId + QLatin1Char('\n') + keys.secret);
    connect(job, &QKeychain::Job::finished, this,
            [done](QKeychain::Job *j) { done(outcomeOf(j)); });
    job->start();
}

void AlpacaKeychain::remove(std::function<void(Outcome)> done) {
    auto *job = new QKeychain::DeletePasswordJob(m_service); // unowned: see above
    job->setKey(kEntry);
    job->setInsecureFallback(false);
    connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job *j) {
        Outcome o = outcomeOf(j);
        if (o.failure == Failure::NotFound)
            o = {};
        done(o);
    });
    job->start();
}

std::optional<AlpacaKeys> AlpacaKeychain::fromEnvironment(const QProcessEnvironment &env) {
    AlpacaKeys k{env.value(QStringLiteral("APCA_API_KEY_ID")).trimmed(),
                 env.value(QStringLiteral("APCA_API_SECRET_KEY")).trimmed()};
    return k.isComplete() ? std::optional(k) : std::nullopt;
}

QString AlpacaKeychain::maskedKeyId(const QString &keyId) {
    if (keyId.size() <= 8)
        return QString(QChar(0x2026));
    return keyId.left(4) + QChar(0x2026);
}

std::optional<alpaca::KeyPair> readStoredKeys(int timeoutMs) {
    AlpacaKeychain keychain;
    QEventLoop loop;
    bool answered = false;
    std::optional<AlpacaKeys> found;
    AlpacaKeychain::Outcome outcome;
    keychain.read([&](std::optional<AlpacaKeys> keys, AlpacaKeychain::Outcome o) {
        answered = true;
        found = std::move(keys);
        outcome = std::move(o);
        loop.quit();
    });
    if (!answered) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (found && found->isComplete())
        return alpaca::KeyPair{found->keyId, found->secret};
    if (!answered) {
        qCWarning(lcKeychain) << "the OS keychain did not answer within" << timeoutMs / 1000
                              << "s; no keys";
    } else if (outcome.failure != AlpacaKeychain::Failure::NotFound &&
               outcome.failure != AlpacaKeychain::Failure::None) {
        qCWarning(lcKeychain).noquote() << outcome.message;
    }
    return std::nullopt;
}

} // namespace cg::keychain
