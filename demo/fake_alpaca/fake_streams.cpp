#include "fake_alpaca/fake_streams.h"

#include "domain/clock.h"
#include "fake_alpaca/fake_alpaca_server.h"
#include "fake_alpaca/log.h"
#include "fake_alpaca/stream_wire.h"
#include "fake_alpaca/wire_json.h"
#include "market/simulated_market.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QUuid>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>

namespace cg::fake {

using namespace std::chrono;

namespace {

void sendFrame(QWebSocket *socket, const StreamFrame &frame) {
    socket->sendBinaryMessage(frame.bytes());
}

void sendError(QWebSocket *socket, int code, const char *msg) {
    StreamFrame f;
    f.addError(code, msg);
    sendFrame(socket, f);
}

void sendJson(QWebSocket *socket, const QJsonObject &o) {
    // Alpaca's paper trade_updates stream uses binary frames for its JSON.
    socket->sendBinaryMessage(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject authorization(bool ok, const char *action) {
    return QJsonObject{{QStringLiteral("stream"), QStringLiteral("authorization")},
                       {QStringLiteral("data"),
                        QJsonObject{{QStringLiteral("status"), ok ? QStringLiteral("authorized")
                                                                  : QStringLiteral("unauthorized")},
                                    {QStringLiteral("action"), QLatin1String(action)}}}};
}

bool notYetNew(const std::string &status) {
    return status.empty() || status == "pending_new" || status == "accepted";
}

bool quoteChanged(const Quote &a, const Quote &b) {
    return a.bid != b.bid || a.ask != b.ask || a.bidSize != b.bidSize || a.askSize != b.askSize;
}

} // namespace

FakeStreams::FakeStreams(FakeAlpacaServer *server, FaultSpec *faults)
    : m_server(server)
    , m_faults(faults) {
    m_ws = new QWebSocketServer(QStringLiteral("ChainGate fake Alpaca"),
                                QWebSocketServer::NonSecureMode, this);
    connect(m_ws, &QWebSocketServer::newConnection, this, &FakeStreams::onNewConnection);
    connect(&m_tick, &QTimer::timeout, this, &FakeStreams::onTick);
    connect(&m_disconnectTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcFakeAlpaca) << "fault: stream connections dropped";
        dropConnections();
    });
}

FakeStreams::~FakeStreams() {
    m_tick.stop();
    std::vector<QWebSocket *> sockets;
    for (const auto &[s, c] : m_options)
        sockets.push_back(s);
    for (const auto &[s, c] : m_trades)
        sockets.push_back(s);
    for (QWebSocket *s : sockets) {
        s->disconnect(this);
        s->abort();
        delete s;
    }
}

bool FakeStreams::takeUpgrade(QTcpSocket *socket, const HttpRequest &request) {
    Pending p;
    if (request.path == QLatin1String("/v1beta1/indicative")) {
        p.limit = kIndicativeSymbolLimit;
        p.feed = QStringLiteral("indicative");
    } else if (request.path == QLatin1String("/v1beta1/opra")) {
        p.limit = kOpraSymbolLimit;
        p.feed = QStringLiteral("opra");
    } else if (request.path == QLatin1String("/stream")) {
        p.option = false;
    } else {
        return false; // answered as plain HTTP (404)
    }
    if (m_symbolLimit > 0)
        p.limit = m_symbolLimit;
    p.msgpack = request.header("content-type").toLower().startsWith("application/msgpack");
    m_pending[socket->peerPort()] = p;
    socket->setParent(m_ws);
    m_ws->handleConnection(socket);
    return true;
}

void FakeStreams::onNewConnection() {
    while (QWebSocket *socket = m_ws->nextPendingConnection()) {
        socket->setParent(this);
        const auto it = m_pending.find(socket->peerPort());
        if (it == m_pending.end()) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        const Pending p = it->second;
        m_pending.erase(it);
        if (p.option)
            addOptionClient(socket, p);
        else
            addTradeClient(socket);
    }
}

void FakeStreams::addOptionClient(QWebSocket *socket, const Pending &p) {
    auto client = std::make_unique<OptionClient>();
    OptionClient &c = *client;
    c.socket = socket;
    c.msgpack = p.msgpack;
    c.limit = p.limit;
    c.feed = p.feed;
    m_options[socket] = std::move(client);
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { removeClient(socket); });
    if (!p.msgpack) {
        // What Alpaca answers a client that did not ask for msgpack (JSON, as it asked).
        socket->sendTextMessage(QStringLiteral(
            R"([{"T":"error","code":412,"msg":"option messages are only available in MsgPack format"}])"));
        socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("msgpack only"));
        return;
    }
    connect(socket, &QWebSocket::binaryMessageReceived, this,
            [this, socket](const QByteArray &bytes) {
                const auto it = m_options.find(socket);
                if (it != m_options.end())
                    onOptionMessage(*it->second, bytes);
            });
    connect(socket, &QWebSocket::textMessageReceived, this,
            [socket](const QString &) { sendError(socket, 400, "invalid syntax"); });
    c.authTimeout.setSingleShot(true);
    connect(&c.authTimeout, &QTimer::timeout, this, [socket] {
        sendError(socket, 404, "auth timeout");
        socket->close();
    });
    c.authTimeout.start(kAuthTimeout);
    StreamFrame f;
    f.addSuccess("connected");
    sendFrame(socket, f);
}

void FakeStreams::addTradeClient(QWebSocket *socket) {
    auto client = std::make_unique<TradeClient>();
    client->socket = socket;
    m_trades[socket] = std::move(client);
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { removeClient(socket); });
    const auto onMessage = [this, socket](const QByteArray &bytes) {
        const auto it = m_trades.find(socket);
        if (it != m_trades.end())
            onTradeMessage(*it->second, bytes);
    };
    connect(socket, &QWebSocket::binaryMessageReceived, this, onMessage);
    connect(socket, &QWebSocket::textMessageReceived, this,
            [onMessage](const QString &text) { onMessage(text.toUtf8()); });
}

void FakeStreams::onOptionMessage(OptionClient &c, const QByteArray &bytes) {
    QWebSocket *socket = c.socket;
    const auto action = readStreamAction(bytes);
    if (!action) {
        sendError(socket, 400, "invalid syntax");
        return;
    }
    if (action->action == "auth") {
        if (c.authenticated) {
            sendError(socket, 403, "already authenticated");
            return;
        }
        const auto credentials = m_server->credentials();
        // Compare both so that timing does not tell which part was wrong.
        const bool keyOk = action->key == credentials.keyId.toStdString();
        const bool secretOk = action->secret == credentials.secret.toStdString();
        if (!keyOk || !secretOk) {
            sendError(socket, 402, "auth failed");
            socket->close();
            return;
        }
        // As Alpaca: one connection a feed per account (API.md section 10).
        for (const auto &[other, oc] : m_options) {
            if (other != socket && oc->authenticated && oc->feed == c.feed) {
                sendError(socket, 406, "connection limit exceeded");
                socket->close();
                return;
            }
        }
        c.authenticated = true;
        c.authTimeout.stop();
        StreamFrame f;
        f.addSuccess("authenticated");
        sendFrame(socket, f);
        updateTimer();
        Q_EMIT clientCountChanged();
        return;
    }
    const bool subscribe = action->action == "subscribe";
    if (!subscribe && action->action != "unsubscribe") {
        sendError(socket, 400, "invalid syntax");
        return;
    }
    if (!c.authenticated) {
        sendError(socket, 401, "not authenticated");
        return;
    }
    if (subscribe &&
        std::find(action->quotes.begin(), action->quotes.end(), "*") != action->quotes.end()) {
        sendError(socket, 413, "star subscription is not allowed for option quotes");
        return;
    }
    std::vector<std::string> quotes = c.quotes;
    std::vector<std::string> trades = c.trades;
    const auto apply = [&](std::vector<std::string> &list, const std::vector<std::string> &req) {
        for (const std::string &s : req) {
            const auto at = std::find(list.begin(), list.end(), s);
            if (subscribe && at == list.end())
                list.push_back(s);
            else if (!subscribe && at != list.end())
                list.erase(at);
        }
    };
    apply(quotes, action->quotes);
    apply(trades, action->trades);
    std::set<std::string> all(quotes.begin(), quotes.end());
    all.insert(trades.begin(), trades.end());
    if (static_cast<int>(all.size()) > c.limit) {
        sendError(socket, 405, "symbol limit exceeded");
        return;
    }
    for (const std::string &s : c.quotes) {
        if (std::find(quotes.begin(), quotes.end(), s) == quotes.end())
            c.sentQuotes.erase(s);
    }
    for (const std::string &s : c.trades) {
        if (std::find(trades.begin(), trades.end(), s) == trades.end())
            c.sentTrades.erase(s);
    }
    c.quotes = std::move(quotes);
    c.trades = std::move(trades);
    StreamFrame f;
    f.addSubscription(c.trades, c.quotes);
    sendFrame(socket, f);
}

void FakeStreams::onTradeMessage(TradeClient &c, const QByteArray &bytes) {
    QWebSocket *socket = c.socket;
    const QJsonObject o = QJsonDocument::fromJson(bytes).object();
    const QString action = o.value(QLatin1String("action")).toString();
    const QJsonObject data = o.value(QLatin1String("data")).toObject();
    if (action == QLatin1String("authenticate")) {
        const auto credentials = m_server->credentials();
        const bool keyOk = data.value(QLatin1String("key_id")).toString() == credentials.keyId;
        const bool secretOk =
            data.value(QLatin1String("secret_key")).toString() == credentials.secret;
        c.authenticated = keyOk && secretOk;
        sendJson(socket, authorization(c.authenticated, "authenticate"));
        if (!c.authenticated)
            socket->close();
        return;
    }
    if (action == QLatin1String("listen")) {
        if (!c.authenticated) {
            sendJson(socket, authorization(false, "listen"));
            return;
        }
        QJsonArray streams;
        for (const QJsonValue &v : data.value(QLatin1String("streams")).toArray()) {
            if (v.toString() == QLatin1String("trade_updates"))
                streams.append(v);
        }
        if (!c.listening && !streams.isEmpty()) {
            // What changed since the last push goes to the clients listening already, before
            // this one joins: events from before its listen are not replayed to it, and the
            // others do not lose theirs (a shared map of what was sent).
            pushOrderEvents(tradeClients() > 0);
            c.listening = true;
            updateTimer();
            Q_EMIT clientCountChanged();
        }
        sendJson(socket, QJsonObject{{QStringLiteral("stream"), QStringLiteral("listening")},
                                     {QStringLiteral("data"),
                                      QJsonObject{{QStringLiteral("streams"), streams}}}});
        return;
    }
    sendJson(socket, QJsonObject{{QStringLiteral("stream"), QStringLiteral("error")},
                                 {QStringLiteral("data"),
                                  QJsonObject{{QStringLiteral("error_message"),
                                               QStringLiteral("invalid syntax")}}}});
}

void FakeStreams::removeClient(QWebSocket *socket) {
    const bool option = m_options.erase(socket) > 0;
    const bool trade = m_trades.erase(socket) > 0;
    if (!option && !trade)
        return;
    socket->disconnect(this);
    socket->deleteLater();
    updateTimer();
    Q_EMIT clientCountChanged();
}

void FakeStreams::dropConnections() {
    std::vector<QWebSocket *> sockets;
    for (const auto &[s, c] : m_options)
        sockets.push_back(s);
    for (const auto &[s, c] : m_trades)
        sockets.push_back(s);
    for (QWebSocket *s : sockets) {
        s->abort(); // a dropped network, not a polite close
        removeClient(s);
    }
}

void FakeStreams::setSilent(bool silent) {
    m_silent = silent;
}

void FakeStreams::setInterval(milliseconds interval) {
    m_interval = std::max(interval, milliseconds{1});
    updateTimer();
}

void FakeStreams::setSymbolLimit(int limit) {
    m_symbolLimit = std::max(limit, 0);
}

void FakeStreams::faultsChanged() {
    if (m_faults->streamDisconnect.count() > 0)
        m_disconnectTimer.start(m_faults->streamDisconnect);
    else
        m_disconnectTimer.stop();
    if (m_faults->streamSilence.count() > 0)
        m_silenceCycle.start();
    else
        m_silenceCycle.invalidate();
    updateTimer();
}

void FakeStreams::ordersMayHaveChanged() {
    if (tradeClients() > 0)
        pushOrderEvents(true);
}

int FakeStreams::optionClients() const {
    return static_cast<int>(std::count_if(m_options.begin(), m_options.end(),
                                          [](const auto &e) { return e.second->authenticated; }));
}

int FakeStreams::tradeClients() const {
    return static_cast<int>(std::count_if(m_trades.begin(), m_trades.end(),
                                          [](const auto &e) { return e.second->listening; }));
}

void FakeStreams::updateTimer() {
    const bool needed = optionClients() > 0 || tradeClients() > 0;
    const milliseconds interval =
        m_faults->slowStream.count() > 0 ? m_faults->slowStream : m_interval;
    if (!needed) {
        m_tick.stop();
    } else if (!m_tick.isActive() || m_tick.intervalAsDuration() != interval) {
        m_tick.start(interval);
    }
}

bool FakeStreams::silentNow() const {
    if (m_silent)
        return true;
    const auto half = m_faults->streamSilence.count();
    return half > 0 && m_silenceCycle.isValid() && (m_silenceCycle.elapsed() / half) % 2 == 1;
}

void FakeStreams::onTick() {
    m_server->market()->step(m_server->clock()->now());
    pushQuotes();
    pushOrderEvents(tradeClients() > 0);
}

void FakeStreams::pushQuotes() {
    if (silentNow())
        return;
    market::SimulatedMarket *market = m_server->market();
    for (auto &[socket, client] : m_options) {
        OptionClient &c = *client;
        if (!c.authenticated)
            continue;
        StreamFrame f;
        for (const std::string &symbol : c.quotes) {
            const market::SimContract *contract = market->contract(symbol);
            if (!contract)
                continue;
            const auto sent = c.sentQuotes.find(symbol);
            if (sent == c.sentQuotes.end() || quoteChanged(sent->second, contract->quote)) {
                f.addQuote(*contract);
                c.sentQuotes[symbol] = contract->quote;
            }
        }
        for (const std::string &symbol : c.trades) {
            const market::SimContract *contract = market->contract(symbol);
            if (!contract || !contract->lastTrade)
                continue;
            const auto sent = c.sentTrades.find(symbol);
            if (sent == c.sentTrades.end() || sent->second != contract->lastTrade->time) {
                f.addTrade(symbol, *contract->lastTrade);
                c.sentTrades[symbol] = contract->lastTrade->time;
            }
        }
        if (f.size() == 0)
            continue;
        if (m_faults->streamMalformed > 0) {
            --m_faults->streamMalformed;
            qCInfo(lcFakeAlpaca) << "fault: malformed stream frame";
            socket->sendBinaryMessage(malformedFrame(m_malformedSent++));
        } else {
            socket->sendBinaryMessage(f.bytes());
            m_quotesSent += f.size();
        }
        ++m_framesSent;
    }
}

void FakeStreams::pushOrderEvents(bool send) {
    market::SimulatedMarket *market = m_server->market();
    std::vector<QJsonObject> events;
    std::vector<market::PositionView> positions;
    bool positionsRead = false;
    const auto positionQty = [&](const std::string &symbol) {
        if (!positionsRead) {
            positions = market->positions();
            positionsRead = true;
        }
        for (const market::PositionView &p : positions) {
            if (p.position.symbol == symbol)
                return p.position.qty;
        }
        return 0.0;
    };
    for (const market::SimOrder &o : market->orders()) {
        OrderSeen &seen = m_orders[o.id];
        if (seen.status == o.status && seen.filledQty == o.filledQty)
            continue;
        if (send) {
            const auto event = [&](const char *name, Timestamp at) {
                QJsonObject data{{QStringLiteral("event"), QLatin1String(name)},
                                 {QStringLiteral("order"), orderJson(o)},
                                 {QStringLiteral("timestamp"), rfc3339(at)}};
                return data;
            };
            const bool isNew = !notYetNew(o.status) && o.status != "canceled" &&
                               o.status != "expired" && o.status != "rejected";
            if (notYetNew(seen.status) && isNew)
                events.push_back(event("new", o.submittedAt));
            if (o.filledQty > seen.filledQty) {
                const bool done = o.status == "filled";
                QJsonObject e =
                    event(done ? "fill" : "partial_fill", o.filledAt.value_or(o.updatedAt));
                e.insert(QStringLiteral("execution_id"),
                         QUuid::createUuid().toString(QUuid::WithoutBraces));
                e.insert(QStringLiteral("price"), decimalString(o.filledAvgPrice.value_or(0.0), 9));
                e.insert(QStringLiteral("qty"), decimalString(o.filledQty - seen.filledQty, 9));
                e.insert(QStringLiteral("position_qty"), decimalString(positionQty(o.symbol), 9));
                events.push_back(e);
            }
            // A replaced order's event carries the old order, as Alpaca's does (API.md §15); the
            // new order has its own events.
            if (seen.status != o.status && (o.status == "canceled" || o.status == "expired" ||
                                            o.status == "rejected" || o.status == "replaced")) {
                const Timestamp at = o.status == "canceled" && o.canceledAt   ? *o.canceledAt
                                     : o.status == "expired" && o.expiredAt   ? *o.expiredAt
                                     : o.status == "replaced" && o.replacedAt ? *o.replacedAt
                                                                              : o.updatedAt;
                events.push_back(event(o.status.c_str(), at));
            }
        }
        seen = OrderSeen{o.status, o.filledQty};
    }
    if (events.empty())
        return;
    for (const auto &[socket, client] : m_trades) {
        if (!client->listening)
            continue;
        for (const QJsonObject &data : events)
            sendJson(socket,
                     QJsonObject{{QStringLiteral("stream"), QStringLiteral("trade_updates")},
                                 {QStringLiteral("data"), data}});
    }
}

} // namespace cg::fake
