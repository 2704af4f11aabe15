#pragma once
// The Alpaca key pair in the OS keychain (qtkeychain: Secret Service / KWallet, macOS Keychain,
// Windows Credential Store), never in a settings file: qtkeychain's plain-text fallback stays
// off. The environment's APCA_API_KEY_ID / APCA_API_SECRET_KEY come first (alpaca/resolve_mode.h).
// Each call answers exactly once, on this object's thread. QtCore only: the window stores the
// pair (Settings) and both front ends read it at start-up (the design's command line: the
// keychain, after the environment). Not part of the engine's umbrella target: the engine's tests
// need no keychain.

#include "alpaca/resolve_mode.h"
#include "domain/result.h"

#include <QObject>
#include <QProcessEnvironment>
#include <QString>

#include <functional>
#include <optional>

namespace cg::keychain {

struct AlpacaKeys {
    QString keyId;
    QString secret;
    bool isComplete() const { return !keyId.isEmpty() && !secret.isEmpty(); }
};

class AlpacaKeychain : public QObject {
    Q_OBJECT
public:
    // `service` names the entry's owner in the keychain ("ChainGate"; tests use their own).
    explicit AlpacaKeychain(QString service = QStringLiteral("ChainGate"),
                            QObject *parent = nullptr);

    enum class Failure { None, NotFound, Unavailable, Other };
    struct Outcome {
        Failure failure = Failure::None;
        QString message; // a trader can read it; never contains a key
    };

    void read(std::function<void(std::optional<AlpacaKeys>, Outcome)> done);
    void write(const AlpacaKeys &keys, std::function<void(Outcome)> done);
    void remove(std::function<void(Outcome)> done);

    // APCA_API_KEY_ID and APCA_API_SECRET_KEY, when both are set.
    static std::optional<AlpacaKeys>
    fromEnvironment(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    // "PKAB…": enough to recognise which key id, never the whole of it.
    static QString maskedKeyId(const QString &keyId);

private:
    QString m_service;
};

// At start-up, for ModeInputs::storedKeys (asked only when the environment has no key pair): the
// pair stored in the keychain by the settings dialog (docs/architecture.md: environment, then
// the keychain; none means DEMO). Waits at most timeoutMs; a keychain that cannot be used is
// logged (chaingate.keychain: the window's log; chaingate-cli shows it with --verbose), never a
// key.
std::optional<alpaca::KeyPair> readStoredKeys(int timeoutMs = 5000);

} // namespace cg::keychain
