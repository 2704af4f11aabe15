#include "alpaca/stream/alpaca_quote_stream.h"

#include "alpaca/stream/backoff.h"
#include "alpaca/stream/msgpack_codec.h"
#include "alpaca/stream/stream_log.h"
#include "domain/number_format.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QWebSocket>

#include <algorithm>
#include <unordered_set>

namespace cg::alpaca {

using namespace std::chrono;

namespace {

// Errors after which retrying cannot help until the trader changes something.
bool isFatal(int code) {
    switch (code) {
    case 402: // auth failed
    case 408: // v2 not enabled
    case 409: // insufficient subscription
    case 410: // invalid subscribe action for this feed
    case 411: // insufficient scope
    case 412: // msgpack only
        return true;
    default:
        return false;
    }
}

// Errors that the server follows by closing the connection: reconnect.
bool endsConnection(int code) {
    return code == 401 || code == 404 || code == 406 || code == 407 || code == 500;
}

std::string hintFor(int code) {
    switch (code) {
    case 402:
        return "check APCA_API_KEY_ID and APCA_API_SECRET_KEY";
    case 409:
    case 411:
        return "the account's market data plan does not include this feed; try --feed indicative";
    case 412:
        return "the client must send Content-Type: application/msgpack";
    case 405:
        return "the feed allows fewer symbols; the rest are polled";
    case 406:
        return "another program holds the one option stream this account may open";
    default:
        return {};
    }
}

} // namespace

AlpacaQuoteStream::AlpacaQuoteStream(AlpacaConfig config, QObject *parent)
    : AlpacaQuoteStream(std::move(config), Options{}, parent) {}

AlpacaQuoteStream::AlpacaQuoteStream(AlpacaConfig config, Options options, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_options(options) {
    if (m_options.symbolLimit <= 0)
        m_options.symbolLimit = m_config.feed == QLatin1String("opra") ? 1000 : 200;
    m_retry.setSingleShot(true);
    m_handshake.setSingleShot(true);
    m_watchdog.setSingleShot(true);
    m_silentTooLong.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &AlpacaQuoteStream::connectNow);
    connect(&m_handshake, &QTimer::timeout, this, [this] {
        scheduleReconnect("no answer to the handshake within " +
                          stream::secondsText(m_options.handshakeTimeout));
    });
    connect(&m_watchdog, &QTimer::timeout, this, &AlpacaQuoteStream::onWatchdog);
    // Quiet is normal outside market hours; a connection that no longer answers pings is not.
    connect(&m_silentTooLong, &QTimer::timeout, this, [this] {
        if (!m_socket)
            return;
        if (m_awaitingPong) {
            scheduleReconnect("silent, and no answer to a ping within " +
                              stream::secondsText(m_options.silentReconnect));
            return;
        }
        m_awaitingPong = true;
        m_socket->ping();
        m_silentTooLong.start(m_options.silentReconnect);
    });
}

AlpacaQuoteStream::~AlpacaQuoteStream() {
    // The owner may be half gone: no callbacks from here on.
    onQuotes = nullptr;
    onTrades = nullptr;
    onStatus = nullptr;
    dropSocket();
}

void AlpacaQuoteStream::start() {
    if (m_running)
        return;
    if (auto valid = m_config.validate(); !valid) {
        fail(valid.error().message);
        return;
    }
    if (!m_config.hasKeys()) {
        fail("The option stream needs Alpaca keys (APCA_API_KEY_ID and APCA_API_SECRET_KEY)");
        return;
    }
    m_running = true;
    m_attempt = 0;
    setStatus(StreamHealth::Connecting, "Connecting to the option stream");
    connectNow();
}

void AlpacaQuoteStream::stop() {
    const bool wasRunning = m_running;
    m_running = false;
    m_retry.stop();
    dropSocket();
    if (wasRunning || m_status.health != StreamHealth::Off)
        setStatus(StreamHealth::Off, "Option stream stopped");
}

void AlpacaQuoteStream::setSymbols(const std::vector<std::string> &symbols) {
    std::vector<std::string> wanted;
    std::unordered_set<std::string> seen;
    int dropped = 0;
    for (const std::string &s : symbols) {
        if (s.empty() || s == "*" || !seen.insert(s).second)
            continue; // "*" is refused for option quotes (413)
        if (static_cast<int>(wanted.size()) < m_options.symbolLimit)
            wanted.push_back(s);
        else
            ++dropped;
    }
    m_wanted = std::move(wanted);
    if (dropped != m_dropped) {
        m_dropped = dropped;
        if (dropped > 0)
            qCInfo(lcAlpacaStream).noquote()
                << "streaming" << m_wanted.size() << "of" << m_wanted.size() + dropped
                << "symbols (feed limit" << m_options.symbolLimit << "); the rest are polled";
    }
    if (m_phase == Phase::Ready) {
        syncSubscription();
        if (m_status.health == StreamHealth::Live || m_status.health == StreamHealth::Silent)
            setStatus(m_status.health,
                      m_status.health == StreamHealth::Live ? liveDetail() : m_status.detail);
    }
}

void AlpacaQuoteStream::connectNow() {
    if (!m_running)
        return;
    dropSocket();
    m_phase = Phase::Opening;
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    QWebSocket *socket = m_socket;
    // Set before anything is read: Qt refuses a larger frame from its header, before buffering
    // the payload, and closes with 1009 (see onClosed).
    const auto maxBytes = static_cast<quint64>(std::max<qint64>(1, m_options.maxMessageBytes));
    socket->setMaxAllowedIncomingFrameSize(maxBytes);
    socket->setMaxAllowedIncomingMessageSize(maxBytes);
    connect(socket, &QWebSocket::connected, this, [this, socket] {
        if (socket == m_socket)
            m_phase = Phase::AwaitConnected;
    });
    connect(socket, &QWebSocket::binaryMessageReceived, this, [this, socket](const QByteArray &f) {
        if (socket == m_socket)
            onBinaryMessage(f);
    });
    connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &t) {
        if (socket == m_socket)
            onTextMessage(t);
    });
    connect(socket, &QWebSocket::pong, this, [this, socket] {
        if (socket == m_socket)
            m_awaitingPong = false;
    });
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { onClosed(socket); });
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this, socket](QAbstractSocket::SocketError) {
                if (socket == m_socket && socket->state() != QAbstractSocket::ConnectedState)
                    onClosed(socket);
            });
    QNetworkRequest request(m_config.optionStreamUrl());
    // Without it Alpaca answers 412: the option stream is msgpack only.
    request.setRawHeader("Content-Type", "application/msgpack");
    m_handshake.start(m_options.handshakeTimeout);
    qCDebug(lcAlpacaStream).noquote() << "opening" << m_config.optionStreamUrl().toString();
    socket->open(request);
}

void AlpacaQuoteStream::dropSocket() {
    m_handshake.stop();
    m_watchdog.stop();
    m_silentTooLong.stop();
    m_awaitingPong = false;
    m_phase = Phase::Idle;
    m_subscribed.clear();
    if (QWebSocket *socket = m_socket) {
        m_socket = nullptr;
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
}

void AlpacaQuoteStream::sendBinary(const std::string &bytes) {
    if (m_socket)
        m_socket->sendBinaryMessage(QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size())));
}

void AlpacaQuoteStream::onClosed(QWebSocket *socket) {
    if (socket != m_socket || !m_running)
        return;
    QString why = socket->closeReason();
    if (socket->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData)
        why = QStringLiteral("Alpaca's %1 sent a message larger than the %2 limit")
                  .arg(QLatin1String("option stream"),
                       QString::fromStdString(formatByteSize(m_options.maxMessageBytes)));
    if (why.isEmpty())
        why = socket->errorString();
    if (why.isEmpty() || why == QLatin1String("Unknown error"))
        why = QStringLiteral("connection closed");
    scheduleReconnect(why.left(200).toStdString());
}

void AlpacaQuoteStream::scheduleReconnect(const std::string &reason) {
    if (!m_running)
        return;
    dropSocket();
    const stream::Backoff backoff{m_options.backoffBase, m_options.backoffMax, m_options.jitter};
    const milliseconds delay =
        backoff.delay(m_attempt++, QRandomGenerator::global()->generateDouble());
    qCInfo(lcAlpacaStream).noquote() << "option stream:" << QString::fromStdString(reason)
                                     << "- reconnecting in" << delay.count() << "ms";
    setStatus(StreamHealth::Reconnecting,
              "Reconnecting in " + stream::secondsText(delay) + " (" + reason + ")");
    m_retry.start(delay);
}

void AlpacaQuoteStream::fail(const std::string &detail) {
    qCWarning(lcAlpacaStream).noquote()
        << "option stream failed:" << QString::fromStdString(detail);
    m_running = false;
    m_retry.stop();
    dropSocket();
    setStatus(StreamHealth::Failed, detail);
}

void AlpacaQuoteStream::onTextMessage(const QString &text) {
    // The option stream is msgpack; a text frame is most likely a JSON error (412).
    const QJsonArray list = QJsonDocument::fromJson(text.toUtf8()).array();
    const QJsonObject first = list.isEmpty() ? QJsonObject() : list.first().toObject();
    if (first.value(QLatin1String("T")).toString() == QLatin1String("error")) {
        handleServerError(first.value(QLatin1String("code")).toInt(),
                          first.value(QLatin1String("msg")).toString().left(200).toStdString());
        return;
    }
    ++m_unreadableFrames;
    m_lastFrameError = "Alpaca's option stream sent a text frame; it should send msgpack";
    qCWarning(lcAlpacaStream).noquote() << QString::fromStdString(m_lastFrameError);
}

void AlpacaQuoteStream::onBinaryMessage(const QByteArray &bytes) {
    auto frame = stream::decodeFrame(
        std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    if (!frame) {
        // One bad frame does not end the stream; it is counted and reported.
        ++m_unreadableFrames;
        m_lastFrameError = frame.error().message;
        qCWarning(lcAlpacaStream).noquote() << QString::fromStdString(m_lastFrameError);
        if (m_phase != Phase::Ready)
            scheduleReconnect("unreadable answer during the handshake");
        else
            messageArrived();
        return;
    }
    if (frame->skipped > 0) {
        ++m_unreadableFrames;
        m_lastFrameError = "Alpaca's option stream sent " + std::to_string(frame->skipped) +
                           " unreadable message(s), e.g. " + frame->firstSkip;
        qCWarning(lcAlpacaStream).noquote() << QString::fromStdString(m_lastFrameError);
    }
    for (const stream::ControlMessage &c : frame->controls) {
        if (!m_socket)
            return; // an earlier message ended this connection
        switch (c.type) {
        case stream::ControlMessage::Type::Success:
            if (c.msg == "connected" && m_phase == Phase::AwaitConnected) {
                m_phase = Phase::Authenticating;
                // The keys travel only inside this message, never in a log line.
                sendBinary(stream::encodeAuth(m_config.keyId.toStdString(),
                                              m_config.secret.toStdString()));
            } else if (c.msg == "authenticated" && m_phase == Phase::Authenticating) {
                m_phase = Phase::Ready;
                m_handshake.stop();
                m_attempt = 0;
                ++m_connections;
                m_serverWarning.clear();
                m_subscribed.clear(); // a new connection starts with nothing
                qCInfo(lcAlpacaStream).noquote()
                    << "option stream authenticated on" << m_config.optionStreamUrl().host();
                syncSubscription();
                setStatus(StreamHealth::Live, liveDetail());
                m_watchdog.start(m_options.watchdog);
            }
            break;
        case stream::ControlMessage::Type::Error:
            handleServerError(c.code, c.msg);
            break;
        case stream::ControlMessage::Type::Subscription:
            m_confirmedQuotes = c.quotes;
            qCDebug(lcAlpacaStream) << "subscription confirmed:" << c.quotes.size() << "quotes,"
                                    << c.trades.size() << "trades";
            Q_EMIT subscriptionConfirmed();
            break;
        }
    }
    if (m_phase != Phase::Ready)
        return;
    messageArrived();
    if (!frame->quotes.empty() && onQuotes)
        onQuotes(frame->quotes);
    if (!frame->trades.empty() && onTrades && m_running)
        onTrades(frame->trades);
}

void AlpacaQuoteStream::handleServerError(int code, const std::string &msg) {
    std::string detail =
        "Option stream: Alpaca says \"" + msg + "\" (" + std::to_string(code) + ")";
    if (const std::string hint = hintFor(code); !hint.empty())
        detail += "; " + hint;
    if (isFatal(code)) {
        fail(detail);
        return;
    }
    if (endsConnection(code) || m_phase != Phase::Ready) {
        scheduleReconnect(detail);
        return;
    }
    // 400, 405, 413, ...: the connection stays; the trader sees why some symbols are polled.
    qCWarning(lcAlpacaStream).noquote() << QString::fromStdString(detail);
    m_serverWarning = detail;
    if (m_status.health == StreamHealth::Live)
        setStatus(StreamHealth::Live, liveDetail());
}

void AlpacaQuoteStream::syncSubscription() {
    const std::set<std::string> wanted(m_wanted.begin(), m_wanted.end());
    std::vector<std::string> removed;
    std::vector<std::string> added;
    std::set_difference(m_subscribed.begin(), m_subscribed.end(), wanted.begin(), wanted.end(),
                        std::back_inserter(removed));
    for (const std::string &s : m_wanted) {
        if (!m_subscribed.count(s))
            added.push_back(s);
    }
    if (!removed.empty())
        sendBinary(stream::encodeUnsubscribe(removed, removed));
    if (!added.empty())
        sendBinary(stream::encodeSubscribe(added, added));
    m_subscribed = wanted;
    if (!removed.empty() || !added.empty())
        qCDebug(lcAlpacaStream) << "subscription: +" << added.size() << "-" << removed.size() << "="
                                << m_subscribed.size();
}

void AlpacaQuoteStream::messageArrived() {
    m_watchdog.start(m_options.watchdog);
    m_silentTooLong.stop();
    m_awaitingPong = false;
    if (m_status.health == StreamHealth::Silent) {
        qCInfo(lcAlpacaStream) << "option stream live again";
        setStatus(StreamHealth::Live, liveDetail());
    }
}

void AlpacaQuoteStream::onWatchdog() {
    if (m_phase != Phase::Ready || m_status.health != StreamHealth::Live)
        return;
    if (m_wanted.empty()) {
        m_watchdog.start(m_options.watchdog); // nothing asked for, nothing expected
        return;
    }
    const std::string quiet = stream::secondsText(m_options.watchdog);
    qCInfo(lcAlpacaStream).noquote() << "option stream silent for" << QString::fromStdString(quiet);
    setStatus(StreamHealth::Silent,
              "Option stream silent for " + quiet + "; polling snapshots meanwhile");
    if (m_options.silentReconnect.count() > 0 && m_socket) {
        m_awaitingPong = true;
        m_socket->ping();
        m_silentTooLong.start(m_options.silentReconnect);
    }
}

std::string AlpacaQuoteStream::liveDetail() const {
    std::string d = "Streaming " + std::to_string(m_wanted.size()) + " option symbol" +
                    (m_wanted.size() == 1 ? "" : "s");
    if (m_dropped > 0)
        d += " (" + std::to_string(m_dropped) + " more beyond the feed's limit of " +
             std::to_string(m_options.symbolLimit) + " are polled)";
    if (!m_serverWarning.empty())
        d += "; " + m_serverWarning;
    return d;
}

void AlpacaQuoteStream::setStatus(StreamHealth health, std::string detail) {
    if (m_status.health == health && m_status.detail == detail)
        return;
    m_status = StreamStatus{health, std::move(detail)};
    if (onStatus)
        onStatus(m_status);
    Q_EMIT statusChanged();
}

} // namespace cg::alpaca
