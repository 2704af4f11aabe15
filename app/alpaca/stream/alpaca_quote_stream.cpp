#include "alpaca/stream/alpaca_quote_stream.h"

#include "alpaca/log.h"
#include "alpaca/stream/backoff.h"
#include "alpaca/stream/msgpack_codec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <unordered_set>

namespace cg::alpaca::stream {

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
        return "the feed allows fewer symbols; the rest are not streamed";
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
    , m_options(options)
    , m_link({"option stream", "option stream"}, options, this) {
    if (m_options.symbolLimit <= 0)
        m_options.symbolLimit = m_config.feed == QLatin1String("opra") ? 1000 : 200;
    m_watchdog.setSingleShot(true);
    connect(&m_watchdog, &QTimer::timeout, this, &AlpacaQuoteStream::onWatchdog);
    connect(&m_link, &stream::ReconnectingSocket::statusChanged, this, [this] {
        if (onStatus)
            onStatus(m_link.status());
        Q_EMIT statusChanged();
    });
    connect(&m_link, &stream::ReconnectingSocket::connected, this,
            [this] { m_phase = Phase::AwaitConnected; });
    connect(&m_link, &stream::ReconnectingSocket::binaryMessage, this,
            &AlpacaQuoteStream::onBinaryMessage);
    connect(&m_link, &stream::ReconnectingSocket::textMessage, this,
            &AlpacaQuoteStream::onTextMessage);
    connect(&m_link, &stream::ReconnectingSocket::dropped, this, &AlpacaQuoteStream::onDropped);
}

AlpacaQuoteStream::~AlpacaQuoteStream() {
    // The owner may be half gone: no callbacks from here on.
    onQuotes = nullptr;
    onTrades = nullptr;
    onStatus = nullptr;
}

void AlpacaQuoteStream::start() {
    QNetworkRequest request(m_config.optionStreamUrl());
    // Without it Alpaca answers 412: the option stream is msgpack only.
    request.setRawHeader("Content-Type", "application/msgpack");
    m_link.start(m_config, request);
}

void AlpacaQuoteStream::stop() {
    m_link.stop();
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
                << "symbols (feed limit" << m_options.symbolLimit << "); the rest are not streamed";
    }
    if (m_phase == Phase::Ready) {
        syncSubscription();
        if (m_link.status().health == StreamHealth::Live)
            m_link.setStatus(StreamHealth::Live, liveDetail());
    }
}

void AlpacaQuoteStream::onDropped() {
    m_watchdog.stop();
    m_phase = Phase::Idle;
    m_subscribed.clear();
}

void AlpacaQuoteStream::sendBinary(const std::string &bytes) {
    m_link.sendBinary(QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size())));
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
            m_link.reconnect("unreadable answer during the handshake");
        else
            ++m_unreadableSinceRead; // not a sign of life: the watchdog is not fed
        return;
    }
    if (frame->skipped > 0) {
        ++m_unreadableFrames;
        m_lastFrameError = "Alpaca's option stream sent " + std::to_string(frame->skipped) +
                           " unreadable message(s), e.g. " + frame->firstSkip;
        qCWarning(lcAlpacaStream).noquote() << QString::fromStdString(m_lastFrameError);
    }
    for (const stream::ControlMessage &c : frame->controls) {
        if (!m_link.hasConnection())
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
                m_link.established();
                ++m_connections;
                m_serverWarning.clear();
                m_subscribed.clear(); // a new connection starts with nothing
                m_confirmedQuotes.clear();
                m_confirmedKnown = false;
                m_unreadableSinceRead = 0;
                qCInfo(lcAlpacaStream).noquote()
                    << "option stream authenticated on" << m_config.optionStreamUrl().host();
                syncSubscription();
                m_link.setStatus(StreamHealth::Live, liveDetail());
                m_watchdog.start(m_options.watchdog);
            }
            break;
        case stream::ControlMessage::Type::Error:
            handleServerError(c.code, c.msg);
            break;
        case stream::ControlMessage::Type::Subscription:
            m_confirmedQuotes = c.quotes;
            m_confirmedKnown = true;
            if (m_confirmedQuotes.size() == m_wanted.size())
                m_serverWarning.clear(); // all streams again: nothing is polled for it
            if (m_link.status().health == StreamHealth::Live)
                m_link.setStatus(StreamHealth::Live, liveDetail());
            qCDebug(lcAlpacaStream) << "subscription confirmed:" << c.quotes.size() << "quotes,"
                                    << c.trades.size() << "trades";
            Q_EMIT subscriptionConfirmed();
            break;
        }
    }
    if (m_phase != Phase::Ready)
        return;
    // A frame whose every message was unreadable is no sign of a working stream: frames like it
    // kept the stream Live (and the chain's polls slowed) while nothing was applied.
    if (frame->skipped > 0 && frame->quotes.empty() && frame->trades.empty() &&
        frame->controls.empty()) {
        ++m_unreadableSinceRead;
        return;
    }
    m_unreadableSinceRead = 0;
    messageArrived();
    if (!frame->quotes.empty() && onQuotes)
        onQuotes(frame->quotes);
    if (!frame->trades.empty() && onTrades && m_link.running())
        onTrades(frame->trades);
}

void AlpacaQuoteStream::handleServerError(int code, const std::string &msg) {
    std::string detail =
        "Option stream: Alpaca says \"" + msg + "\" (" + std::to_string(code) + ")";
    if (const std::string hint = hintFor(code); !hint.empty())
        detail += "; " + hint;
    if (isFatal(code)) {
        m_link.fail(detail);
        return;
    }
    if (endsConnection(code) || m_phase != Phase::Ready) {
        m_link.reconnect(detail);
        return;
    }
    // 400, 405, 413, ...: the connection stays; the trader sees why some symbols are not streamed.
    qCWarning(lcAlpacaStream).noquote() << QString::fromStdString(detail);
    m_serverWarning = detail;
    // The refused message changed nothing on the server: what it confirmed last is what this
    // connection has, and the next sync asks again for the rest.
    m_subscribed = std::set<std::string>(m_confirmedQuotes.begin(), m_confirmedQuotes.end());
    if (m_link.status().health == StreamHealth::Live)
        m_link.setStatus(StreamHealth::Live, liveDetail());
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
    m_link.stopPinging();
    if (m_link.status().health == StreamHealth::Silent) {
        qCInfo(lcAlpacaStream) << "option stream live again";
        m_link.setStatus(StreamHealth::Live, liveDetail());
    }
}

void AlpacaQuoteStream::onWatchdog() {
    if (m_phase != Phase::Ready || m_link.status().health != StreamHealth::Live)
        return;
    if (m_wanted.empty()) {
        m_watchdog.start(m_options.watchdog); // nothing asked for, nothing expected
        return;
    }
    const std::string quiet = stream::secondsText(m_options.watchdog);
    qCInfo(lcAlpacaStream).noquote() << "option stream silent for" << QString::fromStdString(quiet);
    m_link.setStatus(StreamHealth::Silent,
                     m_unreadableSinceRead > 0
                         ? "Option stream sent " + std::to_string(m_unreadableSinceRead) +
                               " unreadable frame(s) and nothing readable for " + quiet + ": " +
                               m_lastFrameError
                         : "Option stream silent for " + quiet);
    // Quiet is normal outside market hours; a connection that no longer answers pings is not.
    m_link.keepPinging(m_options.silentReconnect, true, "silent, and ");
}

std::string AlpacaQuoteStream::liveDetail() const {
    // What the server confirmed, where it is not all that was asked for (a refused subscribe).
    const std::size_t confirmed = m_confirmedQuotes.size();
    std::string d = "Streaming " +
                    (m_confirmedKnown && confirmed != m_wanted.size()
                         ? std::to_string(confirmed) + " of " + std::to_string(m_wanted.size())
                         : std::to_string(m_wanted.size())) +
                    " option symbol" + (m_wanted.size() == 1 ? "" : "s");
    if (m_dropped > 0)
        d += " (" + std::to_string(m_dropped) + " more beyond the feed's limit of " +
             std::to_string(m_options.symbolLimit) + " are not streamed)";
    if (!m_serverWarning.empty())
        d += "; " + m_serverWarning;
    return d;
}

} // namespace cg::alpaca::stream
