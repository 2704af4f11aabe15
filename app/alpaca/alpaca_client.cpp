#include "alpaca/alpaca_client.h"

#include "alpaca/activity_json.h"
#include "alpaca/bars_json.h"
#include "alpaca/chain_parser.h"
#include "alpaca/contracts_page.h"
#include "alpaca/log.h"
#include "alpaca/market_json.h"
#include "alpaca/rfc3339.h"
#include "alpaca/symbol_index.h"
#include "alpaca/trading_json.h"
#include "domain/number_format.h"

#include <QElapsedTimer>
#include <QStringList>
#include <QUuid>

#include <algorithm>
#include <set>

namespace cg::alpaca {

using alpaca::Api;
using alpaca::HttpReply;
using alpaca::HttpRequest;

namespace {

constexpr int kChainPageLimit = 1000;      // Alpaca's maximum for snapshots
constexpr int kContractsPageLimit = 10000; // Alpaca's maximum for contracts
constexpr int kMaxPages = 1000;            // a guard against a server that never ends

QString enc(const std::string &s) {
    return QString::fromLatin1(QUrl::toPercentEncoding(QString::fromStdString(s)));
}

QString num(double x) {
    return QString::fromStdString(formatTrimmed(x, 4)); // 1.5 -> "1.5", 10 -> "10"
}

HttpRequest get(Api api, QString path) {
    HttpRequest r;
    r.api = api;
    r.verb = "GET";
    r.path = std::move(path);
    return r;
}

} // namespace

Result<std::string> normalizeTicker(const std::string &symbol) {
    std::string s;
    for (char c : symbol)
        s += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    const bool valid = !s.empty() && s.size() <= 12 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    });
    if (!valid) {
        std::string text = "\"";
        text += alpaca::detail::printable(symbol);
        text += "\" is not a ticker symbol (letters, digits, '.' or '-', e.g. SPY)";
        return Error::make(std::move(text));
    }
    return s;
}

AlpacaClient::AlpacaClient(AlpacaConfig config, QObject *parent)
    : QObject(parent)
    , m_transport(new alpaca::Transport(std::move(config), this)) {}

AlpacaClient::~AlpacaClient() = default;

template <class T, class Parse>
void AlpacaClient::getParsed(HttpRequest request, Parse parse, Done<T> done, int parseRetries) {
    m_transport->send(request, [this, request, parse, done = std::move(done),
                                parseRetries](const HttpReply &reply) mutable {
        if (!reply.success()) {
            done(m_transport->toError(request, reply));
            return;
        }
        Result<T> result = parse(reply.body);
        // An unreadable answer to a GET is most likely mangled on the way: ask once more.
        if (!result && request.idempotent() && parseRetries > 0) {
            qCWarning(lcAlpaca).noquote() << request.describe() << "sent an unreadable answer ("
                                          << result.error().message.c_str() << "), asking again";
            getParsed<T>(request, std::move(parse), std::move(done), parseRetries - 1);
            return;
        }
        done(std::move(result));
    });
}

// ---- market data ----------------------------------------------------------------------------

void AlpacaClient::underlyingPrice(const std::string &symbol, Done<UnderlyingPrice> done) {
    auto ticker = normalizeTicker(symbol);
    if (!ticker) {
        done(ticker.error());
        return;
    }
    HttpRequest r = get(Api::Data, QStringLiteral("/v2/stocks/%1/snapshot").arg(enc(*ticker)));
    if (config().feed != QLatin1String("opra"))
        r.query.append({QStringLiteral("feed"), QStringLiteral("iex")});
    const std::string sym = *ticker;
    getParsed<UnderlyingPrice>(
        r, [sym](const QByteArray &body) { return alpaca::parseStockSnapshot(body, sym); },
        std::move(done));
}

struct AlpacaClient::ChainState {
    ChainQuery query;
    std::string symbol;
    Done<OptionChain> done;
    OptionChain chain;
    alpaca::SkipLog skipped;
    std::set<std::string> seenTokens;
    int snapshotPages = 0;
    int pageRetries = 0; // re-reads of the current page after an unreadable answer
    int contractPages = 0;
    int withOpenInterest = 0;
    qint64 parseNs = 0;
    QElapsedTimer elapsed;
    alpaca::SymbolIndex bySymbol;
    std::vector<alpaca::ContractInfoView> contractsRead; // one page's, reused page after page
};

void AlpacaClient::optionChain(const ChainQuery &query, Done<OptionChain> done) {
    auto ticker = normalizeTicker(query.underlying);
    if (!ticker) {
        done(ticker.error());
        return;
    }
    if (query.strikeMin && query.strikeMax && *query.strikeMin > *query.strikeMax) {
        done(Error::make("The strike range is empty (minimum above maximum)"));
        return;
    }
    if (query.expiryFrom && query.expiryTo && *query.expiryFrom > *query.expiryTo) {
        done(Error::make("The expiry range is empty (first date after the last)"));
        return;
    }
    auto s = std::make_shared<ChainState>();
    s->query = query;
    s->symbol = *ticker;
    s->done = std::move(done);
    s->chain.underlying = *ticker;
    s->elapsed.start();
    fetchSnapshots(s, {});
}

void AlpacaClient::fetchSnapshots(std::shared_ptr<ChainState> s, std::string pageToken) {
    HttpRequest r =
        get(Api::Data, QStringLiteral("/v1beta1/options/snapshots/%1").arg(enc(s->symbol)));
    const ChainQuery &q = s->query;
    r.query.append({QStringLiteral("feed"), config().feed});
    r.query.append({QStringLiteral("limit"), QString::number(kChainPageLimit)});
    if (q.type)
        r.query.append({QStringLiteral("type"), QString::fromLatin1(toString(*q.type).data())});
    if (q.strikeMin)
        r.query.append({QStringLiteral("strike_price_gte"), num(*q.strikeMin)});
    if (q.strikeMax)
        r.query.append({QStringLiteral("strike_price_lte"), num(*q.strikeMax)});
    if (q.expiryFrom)
        r.query.append({QStringLiteral("expiration_date_gte"),
                        QString::fromStdString(alpaca::formatIsoDate(*q.expiryFrom))});
    if (q.expiryTo)
        r.query.append({QStringLiteral("expiration_date_lte"),
                        QString::fromStdString(alpaca::formatIsoDate(*q.expiryTo))});
    if (!pageToken.empty())
        r.query.append({QStringLiteral("page_token"), QString::fromStdString(pageToken)});

    m_transport->send(r, [this, s, r, pageToken](const HttpReply &reply) {
        if (!reply.success()) {
            s->done(m_transport->toError(r, reply));
            return;
        }
        QElapsedTimer t;
        t.start();
        auto page = alpaca::parseChainPage(
            std::string_view(reply.body.constData(), static_cast<std::size_t>(reply.body.size())),
            s->symbol, s->chain.contracts);
        s->parseNs += t.nsecsElapsed();
        if (!page && s->pageRetries < 1) {
            ++s->pageRetries;
            qCWarning(lcAlpaca).noquote()
                << "option chain page of" << s->symbol.c_str()
                << "unreadable, asking again:" << page.error().message.c_str();
            fetchSnapshots(s, pageToken);
            return;
        }
        if (!page) {
            s->done(Error::make(page.error().message + " (page " +
                                std::to_string(s->snapshotPages + 1) + " of the " + s->symbol +
                                " chain)"));
            return;
        }
        ++s->snapshotPages;
        s->pageRetries = 0;
        if (s->query.withOpenInterest)
            s->bySymbol.hashAppended(s->chain.contracts); // the page is still in cache
        s->skipped.merge(page->skipped);
        if (page->nextPageToken) {
            if (!s->seenTokens.insert(*page->nextPageToken).second ||
                s->snapshotPages >= kMaxPages) {
                s->done(Error::make("Alpaca's option chain for " + s->symbol +
                                    " does not end (page token repeated after " +
                                    std::to_string(s->snapshotPages) + " pages)"));
                return;
            }
            fetchSnapshots(s, *page->nextPageToken);
            return;
        }
        if (!s->query.withOpenInterest || s->chain.contracts.empty()) {
            finishChain(s);
            return;
        }
        s->seenTokens.clear();
        s->bySymbol.index(s->chain.contracts);
        fetchContracts(s, {});
    });
}

void AlpacaClient::fetchContracts(std::shared_ptr<ChainState> s, std::string pageToken) {
    // Alpaca's default window ends next weekend: always send both dates, the chain's own range.
    const auto [lo, hi] = std::minmax_element(
        s->chain.contracts.begin(), s->chain.contracts.end(),
        [](const OptionContract &a, const OptionContract &b) { return a.expiry < b.expiry; });
    HttpRequest r = get(Api::Trading, QStringLiteral("/v2/options/contracts"));
    const ChainQuery &q = s->query;
    r.query.append({QStringLiteral("underlying_symbols"), QString::fromStdString(s->symbol)});
    r.query.append({QStringLiteral("expiration_date_gte"),
                    QString::fromStdString(alpaca::formatIsoDate(lo->expiry))});
    r.query.append({QStringLiteral("expiration_date_lte"),
                    QString::fromStdString(alpaca::formatIsoDate(hi->expiry))});
    if (q.type)
        r.query.append({QStringLiteral("type"), QString::fromLatin1(toString(*q.type).data())});
    if (q.strikeMin)
        r.query.append({QStringLiteral("strike_price_gte"), num(*q.strikeMin)});
    if (q.strikeMax)
        r.query.append({QStringLiteral("strike_price_lte"), num(*q.strikeMax)});
    r.query.append({QStringLiteral("limit"), QString::number(kContractsPageLimit)});
    if (!pageToken.empty())
        r.query.append({QStringLiteral("page_token"), QString::fromStdString(pageToken)});

    m_transport->send(r, [this, s, r, pageToken](const HttpReply &reply) {
        if (!reply.success()) {
            Error e = m_transport->toError(r, reply);
            e.message = "Could not read open interest for " + s->symbol + ": " + e.message;
            s->done(e);
            return;
        }
        auto page = alpaca::readContractsPage(
            std::string_view(reply.body.constData(), static_cast<std::size_t>(reply.body.size())),
            s->contractsRead);
        if (!page && s->pageRetries < 1) {
            ++s->pageRetries;
            qCWarning(lcAlpaca).noquote()
                << "option contracts page of" << s->symbol.c_str()
                << "unreadable, asking again:" << page.error().message.c_str();
            fetchContracts(s, pageToken);
            return;
        }
        s->pageRetries = 0;
        if (!page) {
            s->done(page.error());
            return;
        }
        ++s->contractPages;
        if (page->skipped.count > 0)
            qCWarning(lcAlpaca).noquote()
                << "option contracts of" << s->symbol.c_str() << ": skipped" << page->skipped.count
                << "unusable entries, e.g." << page->skipped.examples.front().c_str();
        s->withOpenInterest +=
            static_cast<int>(s->bySymbol.merge(s->contractsRead, s->chain.contracts));
        if (page->nextPageToken) {
            if (!s->seenTokens.insert(*page->nextPageToken).second ||
                s->contractPages >= kMaxPages) {
                s->done(Error::make("Alpaca's option contract list for " + s->symbol +
                                    " does not end (page token repeated)"));
                return;
            }
            fetchContracts(s, *page->nextPageToken);
            return;
        }
        finishChain(s);
    });
}

void AlpacaClient::finishChain(std::shared_ptr<ChainState> s) {
    auto &v = s->chain.contracts;
    s->bySymbol = {}; // points at the contracts about to move
    // Keys sorted, then each contract moved once into place (a stable sort of the contracts moved
    // 272-byte objects at every merge step: a sixth of the client's time for a chain). The
    // position breaks ties, so of a symbol listed twice (overlapping pages, a repeated key) the
    // first occurrence comes first and is the one kept.
    struct Key {
        std::chrono::year_month_day expiry;
        double strike;
        bool put;
        std::string_view symbol;
        std::uint32_t at;
    };
    std::vector<Key> keys;
    keys.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
        keys.push_back({v[i].expiry, v[i].strike, v[i].type == OptionType::Put, v[i].symbol,
                        static_cast<std::uint32_t>(i)});
    std::sort(keys.begin(), keys.end(), [](const Key &a, const Key &b) {
        if (a.expiry != b.expiry)
            return a.expiry < b.expiry;
        if (a.strike != b.strike)
            return a.strike < b.strike;
        if (a.put != b.put)
            return !a.put;
        if (a.symbol != b.symbol)
            return a.symbol < b.symbol;
        return a.at < b.at;
    });
    std::vector<OptionContract> sorted;
    sorted.reserve(v.size());
    for (const Key &k : keys)
        sorted.push_back(std::move(v[k.at]));
    v = std::move(sorted);
    // Pages overlapping at a boundary must not yield a contract twice.
    v.erase(std::unique(v.begin(), v.end(),
                        [](const OptionContract &a, const OptionContract &b) {
                            return a.symbol == b.symbol;
                        }),
            v.end());
    qCInfo(lcAlpaca).noquote() << QStringLiteral(
                                      "chain %1: %2 contracts from %3 page(s), open interest for "
                                      "%4 from %5 page(s), parsed in %6 ms, %7 ms in all")
                                      .arg(QString::fromStdString(s->symbol))
                                      .arg(v.size())
                                      .arg(s->snapshotPages)
                                      .arg(s->withOpenInterest)
                                      .arg(s->contractPages)
                                      .arg(static_cast<double>(s->parseNs) / 1e6, 0, 'f', 2)
                                      .arg(s->elapsed.elapsed());
    if (s->skipped.count > 0)
        qCWarning(lcAlpaca).noquote()
            << "chain" << s->symbol.c_str() << ": skipped" << s->skipped.count
            << "unusable contracts, e.g." << s->skipped.examples.front().c_str();
    s->done(std::move(s->chain));
}

struct AlpacaClient::BarsState {
    BarsQuery query;
    std::string symbol;
    std::string timeframe;
    Done<std::vector<PriceBar>> done;
    std::vector<PriceBar> bars;
    std::set<std::string> seenTokens;
    int pages = 0;
};

void AlpacaClient::stockBars(const BarsQuery &query, Done<std::vector<PriceBar>> done) {
    auto ticker = normalizeTicker(query.symbol);
    if (!ticker) {
        done(ticker.error());
        return;
    }
    auto timeframe = normalizeTimeframe(query.timeframe);
    if (!timeframe) {
        done(timeframe.error());
        return;
    }
    if (query.maxBars < 1) {
        done(Error::make("No bars asked for (maxBars below 1)"));
        return;
    }
    if (query.start && query.end && *query.end < *query.start) {
        done(Error::make("The bars' time range is empty (end before start)"));
        return;
    }
    auto s = std::make_shared<BarsState>();
    s->query = query;
    s->symbol = *ticker;
    s->timeframe = *timeframe;
    s->done = std::move(done);
    fetchBars(s, {});
}

void AlpacaClient::fetchBars(std::shared_ptr<BarsState> s, std::string pageToken) {
    HttpRequest r = get(Api::Data, QStringLiteral("/v2/stocks/%1/bars").arg(enc(s->symbol)));
    r.query.append({QStringLiteral("timeframe"), QString::fromStdString(s->timeframe)});
    if (s->query.start)
        r.query.append({QStringLiteral("start"),
                        QString::fromStdString(alpaca::formatRfc3339(*s->query.start))});
    if (s->query.end)
        r.query.append(
            {QStringLiteral("end"), QString::fromStdString(alpaca::formatRfc3339(*s->query.end))});
    const int left = std::max(1, s->query.maxBars - static_cast<int>(s->bars.size()));
    r.query.append({QStringLiteral("limit"), QString::number(std::min(10000, left))});
    if (config().feed != QLatin1String("opra"))
        r.query.append({QStringLiteral("feed"), QStringLiteral("iex")});
    if (!pageToken.empty())
        r.query.append({QStringLiteral("page_token"), QString::fromStdString(pageToken)});
    const std::string symbol = s->symbol;
    getParsed<alpaca::BarsPage>(
        r, [symbol](const QByteArray &body) { return alpaca::parseStockBarsPage(body, symbol); },
        [this, s](Result<alpaca::BarsPage> page) {
            if (!page) {
                s->done(page.error());
                return;
            }
            ++s->pages;
            s->bars.insert(s->bars.end(), page->bars.begin(), page->bars.end());
            const bool full = static_cast<int>(s->bars.size()) >= s->query.maxBars;
            if (page->nextPageToken && !full) {
                if (!s->seenTokens.insert(*page->nextPageToken).second || s->pages >= kMaxPages) {
                    s->done(Error::make("Alpaca's bars of " + s->symbol +
                                        " do not end (page token repeated)"));
                    return;
                }
                fetchBars(s, *page->nextPageToken);
                return;
            }
            if (full)
                s->bars.resize(static_cast<std::size_t>(s->query.maxBars));
            s->done(std::move(s->bars));
        });
}

// ---- broker ---------------------------------------------------------------------------------

void AlpacaClient::account(Done<Account> done) {
    getParsed<Account>(get(Api::Trading, QStringLiteral("/v2/account")), alpaca::parseAccount,
                       std::move(done));
}

void AlpacaClient::positions(Done<std::vector<Position>> done) {
    getParsed<std::vector<Position>>(get(Api::Trading, QStringLiteral("/v2/positions")),
                                     alpaca::parsePositions, std::move(done));
}

void AlpacaClient::clock(Done<alpaca::MarketClock> done) {
    getParsed<alpaca::MarketClock>(get(Api::Trading, QStringLiteral("/v2/clock")),
                                   alpaca::parseClock, std::move(done));
}

void AlpacaClient::order(const std::string &id, Done<Order> done) {
    if (id.empty()) {
        done(Error::make("No order id given"));
        return;
    }
    getParsed<Order>(get(Api::Trading, QStringLiteral("/v2/orders/%1").arg(enc(id))),
                     alpaca::parseOrder, std::move(done));
}

void AlpacaClient::orderByClientId(const std::string &clientOrderId, Done<Order> done) {
    if (clientOrderId.empty()) {
        done(Error::make("No client_order_id given"));
        return;
    }
    HttpRequest r = get(Api::Trading, QStringLiteral("/v2/orders:by_client_order_id"));
    r.query.append({QStringLiteral("client_order_id"), QString::fromStdString(clientOrderId)});
    getParsed<Order>(r, alpaca::parseOrder, std::move(done));
}

void AlpacaClient::orders(OrderListStatus status, int limit, Done<std::vector<Order>> done) {
    ordersPage(status, limit, std::nullopt, std::move(done));
}

void AlpacaClient::ordersPage(OrderListStatus status, int limit, std::optional<Timestamp> until,
                              Done<std::vector<Order>> done) {
    HttpRequest r = get(Api::Trading, QStringLiteral("/v2/orders"));
    const char *st = status == OrderListStatus::Open     ? "open"
                     : status == OrderListStatus::Closed ? "closed"
                                                         : "all";
    r.query.append({QStringLiteral("status"), QLatin1String(st)});
    r.query.append({QStringLiteral("limit"), QString::number(std::clamp(limit, 1, 500))});
    r.query.append({QStringLiteral("direction"), QStringLiteral("desc")});
    if (until)
        r.query.append(
            {QStringLiteral("until"), QString::fromStdString(alpaca::formatRfc3339(*until))});
    getParsed<std::vector<Order>>(r, alpaca::parseOrders, std::move(done));
}

void AlpacaClient::cancelOrder(const std::string &id, Done<Unit> done) {
    if (id.empty()) {
        done(Error::make("No order id given"));
        return;
    }
    HttpRequest r;
    r.api = Api::Trading;
    r.verb = "DELETE";
    r.path = QStringLiteral("/v2/orders/%1").arg(enc(id));
    getParsed<Unit>(
        r, [](const QByteArray &) -> Result<Unit> { return Unit{}; }, std::move(done));
}

void AlpacaClient::replaceOrder(const std::string &id, const ReplaceRequest &request,
                                Done<Order> done) {
    if (id.empty()) {
        done(Error::make("No order id given"));
        return;
    }
    auto body = alpaca::replaceRequestJson(request);
    if (!body) {
        done(body.error());
        return;
    }
    HttpRequest r;
    r.api = Api::Trading;
    r.verb = "PATCH";
    r.path = QStringLiteral("/v2/orders/%1").arg(enc(id));
    r.body = *body;
    getParsed<Order>(r, alpaca::parseOrder, std::move(done));
}

void AlpacaClient::exercise(const std::string &symbolOrContractId, Done<Unit> done) {
    if (symbolOrContractId.empty()) {
        done(Error::make("No contract given to exercise"));
        return;
    }
    HttpRequest r;
    r.api = Api::Trading;
    r.verb = "POST";
    r.path = QStringLiteral("/v2/positions/%1/exercise").arg(enc(symbolOrContractId));
    getParsed<Unit>(
        r, [](const QByteArray &) -> Result<Unit> { return Unit{}; }, std::move(done));
}

struct AlpacaClient::ActivitiesState {
    ActivitiesQuery query;
    std::vector<Activity> out;
    Done<std::vector<Activity>> done;
};

void AlpacaClient::activities(const ActivitiesQuery &query, Done<std::vector<Activity>> done) {
    auto s = std::make_shared<ActivitiesState>();
    s->query = query;
    s->query.pageSize = std::clamp(query.pageSize, 1, 100);
    s->done = std::move(done);
    fetchActivities(std::move(s), {});
}

void AlpacaClient::fetchActivities(std::shared_ptr<ActivitiesState> s, std::string pageToken) {
    HttpRequest r = get(Api::Trading, QStringLiteral("/v2/account/activities"));
    if (!s->query.types.empty()) {
        QStringList types;
        for (const std::string &t : s->query.types)
            types << QString::fromStdString(t);
        r.query.append({QStringLiteral("activity_types"), types.join(QLatin1Char(','))});
    }
    if (!s->query.date.empty())
        r.query.append({QStringLiteral("date"), QString::fromStdString(s->query.date)});
    if (!s->query.after.empty())
        r.query.append({QStringLiteral("after"), QString::fromStdString(s->query.after)});
    r.query.append({QStringLiteral("direction"), QStringLiteral("desc")});
    r.query.append({QStringLiteral("page_size"), QString::number(s->query.pageSize)});
    if (!pageToken.empty())
        r.query.append({QStringLiteral("page_token"), QString::fromStdString(pageToken)});
    getParsed<std::vector<Activity>>(
        r, alpaca::parseActivities, [this, s](Result<std::vector<Activity>> page) {
            if (!page) {
                s->done(page.error());
                return;
            }
            const bool full = static_cast<int>(page->size()) >= s->query.pageSize;
            for (const Activity &a : *page) {
                if (static_cast<int>(s->out.size()) >= s->query.maxActivities)
                    break;
                s->out.push_back(a);
            }
            // The JS SDK's rule: an empty or short page is the last.
            if (!full || s->out.empty() ||
                static_cast<int>(s->out.size()) >= s->query.maxActivities) {
                s->done(std::move(s->out));
                return;
            }
            fetchActivities(s, s->out.back().id);
        });
}

void AlpacaClient::portfolioHistory(const PortfolioHistoryQuery &query,
                                    Done<PortfolioHistory> done) {
    HttpRequest r = get(Api::Trading, QStringLiteral("/v2/account/portfolio/history"));
    r.query.append({QStringLiteral("period"), QString::fromStdString(query.period)});
    r.query.append({QStringLiteral("timeframe"), QString::fromStdString(query.timeframe)});
    getParsed<PortfolioHistory>(r, alpaca::parsePortfolioHistory, std::move(done));
}

struct AlpacaClient::SubmitState {
    OrderRequest request;
    HttpRequest http;
    Done<Order> done;
    int sends = 0;
};

void AlpacaClient::submitOrder(const OrderRequest &request, Done<Order> done) {
    auto s = std::make_shared<SubmitState>();
    s->request = request;
    if (s->request.clientOrderId.empty())
        s->request.clientOrderId = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    auto body = alpaca::orderRequestJson(s->request);
    if (!body) {
        done(body.error());
        return;
    }
    s->http.api = Api::Trading;
    s->http.verb = "POST";
    s->http.path = QStringLiteral("/v2/orders");
    s->http.body = *body;
    s->done = std::move(done);
    postOrder(s);
}

void AlpacaClient::postOrder(std::shared_ptr<SubmitState> s) {
    ++s->sends;
    m_transport->send(s->http, [this, s](const HttpReply &reply) {
        if (reply.success()) {
            auto order = alpaca::parseOrder(reply.body);
            if (order) {
                s->done(std::move(order).value());
                return;
            }
            // Accepted but unreadable: the order probably exists, find it rather than guess.
            lookUpAfterAmbiguous(s, order.error());
            return;
        }
        Error e = m_transport->toError(s->http, reply);
        // A definite refusal on the first send is the answer. After a re-send, a 422 may be the
        // duplicate client_order_id of an order the first send placed after all.
        const bool definite = reply.answered() && reply.status >= 400 && reply.status < 500 &&
                              reply.status != 408 && reply.status != 429 &&
                              !(s->sends > 1 && reply.status == 422);
        if (definite) {
            s->done(e);
            return;
        }
        lookUpAfterAmbiguous(s, e);
    });
}

void AlpacaClient::lookUpAfterAmbiguous(std::shared_ptr<SubmitState> s, Error cause) {
    const std::string coid = s->request.clientOrderId;
    qCWarning(lcAlpaca).noquote() << "order" << coid.c_str()
                                  << "has an unknown fate, looking it up:" << cause.message.c_str();
    orderByClientId(coid, [this, s, cause, coid](Result<Order> found) {
        if (found) {
            qCInfo(lcAlpaca).noquote() << "order" << coid.c_str() << "exists as"
                                       << found->id.c_str() << "(" << found->status.c_str() << ")";
            s->done(std::move(found).value());
            return;
        }
        if (found.error().httpStatus == 404) {
            if (s->sends < 2) {
                qCInfo(lcAlpaca).noquote()
                    << "order" << coid.c_str() << "is certainly absent, sending it once more";
                postOrder(s);
                return;
            }
            Error e = cause;
            e.message = "The order was not placed: " + cause.message;
            s->done(e);
            return;
        }
        Error e = found.error();
        e.message = "The order's fate is unknown (" + cause.message +
                    "), and looking it up failed too (" + found.error().message +
                    "). Check open orders before retrying; client_order_id " + coid;
        s->done(e);
    });
}

} // namespace cg::alpaca
