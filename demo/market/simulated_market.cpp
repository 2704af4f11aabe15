#include "market/simulated_market.h"

#include "domain/market_calendar.h"
#include "domain/occ_symbol.h"
#include "domain/tick_table.h"
#include "market/expiry_calendar.h"
#include "market/log.h"
#include "market/option_pricer.h"
#include "market/strike_grid.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace cg::market {

using namespace std::chrono;

namespace {

// The walk runs in trading time: a second of wall time moves prices like a second of a session.
constexpr double kMsPerTradingYear = 252.0 * 6.5 * 3600.0 * 1000.0;
// Pull back towards the starting price (per trading year), so a long demo stays recognisable.
constexpr double kMeanReversion = 40.0;
constexpr int kOpenMinute = 9 * 60 + 30;

// The session whose trading the daily bars show: today's once it has opened, else the last one.
year_month_day sessionDate(Timestamp now) {
    const year_month_day d = easternDate(now);
    if (isTradingDay(d) && easternMinuteOfDay(now) >= kOpenMinute)
        return d;
    return previousMarketDay(d);
}

double volumeFraction(Timestamp now) {
    if (sessionDate(now) != easternDate(now))
        return 1.0;
    const int m = easternMinuteOfDay(now);
    const int close = marketHours(easternDate(now)).value_or(MarketHours{}).closeMinute;
    if (m >= close)
        return 1.0;
    // Volume comes early in the day: the square root front-loads it.
    return std::sqrt(static_cast<double>(m - kOpenMinute) / (close - kOpenMinute));
}

bool isMultiple(double strike, double step) {
    const double q = strike / step;
    return std::abs(q - std::round(q)) < 1e-9;
}

} // namespace

// The account as the shared file has it for the length of one call, saved after it.
struct SimulatedMarket::SyncScope {
    explicit SyncScope(const SimulatedMarket &m)
        : sync(m.m_sync)
        , account(m.m_account) {
        if (sync)
            sync->pull(account);
    }
    ~SyncScope() {
        if (sync)
            sync->push(account);
    }
    SyncScope(const SyncScope &) = delete;
    SyncScope &operator=(const SyncScope &) = delete;
    AccountSync *sync;
    PaperAccount &account;
};

SimulatedMarket::SimulatedMarket(Timestamp start)
    : SimulatedMarket(start, Options{}) {}

SimulatedMarket::SimulatedMarket(Timestamp start, Options options)
    : m_options(std::move(options))
    , m_now(start)
    , m_today(easternDate(start))
    , m_random(splitmix64(m_options.seed))
    , m_account(m_options.seed, start, m_options.account) {
    for (const UnderlyingSpec &spec : m_options.underlyings)
        addSyntheticUnderlying(spec, 0);
}

void SimulatedMarket::addSyntheticUnderlying(const UnderlyingSpec &spec, int contractCount) {
    if (StockState *existing = findStock(spec.symbol)) {
        m_chains[spec.symbol].syntheticCount = contractCount;
        m_chains[spec.symbol].builtFor = {};
        existing->spec = spec;
        return;
    }
    StockState s;
    s.spec = spec;
    const std::uint64_t h = stableHash(spec.symbol, m_options.seed);
    s.assetId = formatUuid(h, splitmix64(h));
    s.fair = spec.startPrice;
    s.price = roundToCent(spec.startPrice);
    s.prevClose = roundToCent(spec.startPrice * (1.0 + 0.01 * (unitInterval(h) - 0.5)));
    s.dayOpen = s.dayHigh = s.dayLow = s.price;
    s.time = m_now;
    walk(s, 0.0);
    m_tapes[spec.symbol] = StockTape(StockTape::Anchor{
        spec.symbol, m_options.seed, spec.vol, spec.shareVolume, m_now, s.price, s.prevClose});
    m_stocks.push_back(s);
    ChainState cs;
    cs.syntheticCount = contractCount;
    m_chains[spec.symbol] = std::move(cs);
}

void SimulatedMarket::walk(StockState &s, double dtYears) {
    if (dtYears > 0.0) {
        const double vol = s.spec.vol;
        const double drift = -kMeanReversion * std::log(s.fair / s.spec.startPrice) * dtYears -
                             0.5 * vol * vol * dtYears;
        s.fair *= std::exp(drift + vol * std::sqrt(dtYears) * m_random.normal());
        s.lastSize = 1 + static_cast<int>(m_random.next() % 300);
        ++s.tradeId;
    }
    s.price = roundToCent(s.fair);
    const double half = std::max(0.01, roundToCent(s.price * 0.00003));
    s.bid = roundToCent(s.price - half);
    s.ask = roundToCent(s.price + half);
    const std::uint64_t h = stableHash(s.spec.symbol, static_cast<std::uint64_t>(s.tradeId));
    s.bidSize = 1 + static_cast<int>(h % 12);
    s.askSize = 1 + static_cast<int>((h >> 16) % 12);
    s.dayHigh = std::max(s.dayHigh, s.price);
    s.dayLow = std::min(s.dayLow, s.price);
    s.dayVolume =
        static_cast<std::int64_t>(static_cast<double>(s.spec.shareVolume) * volumeFraction(m_now));
    s.time = m_now;
    ++s.version;
}

void SimulatedMarket::step(Timestamp now) {
    if (now <= m_now)
        return;
    const auto elapsed = std::min(duration_cast<milliseconds>(now - m_now), m_options.maxStep);
    m_now = now;
    const SyncScope sync(*this);
    const year_month_day today = easternDate(now);
    if (today != m_today) {
        m_today = today;
        for (StockState &s : m_stocks) {
            s.prevClose = s.price;
            s.dayOpen = s.dayHigh = s.dayLow = s.price;
        }
        m_account.rollDay(lookup());
    }
    const double dt = static_cast<double>(elapsed.count()) / kMsPerTradingYear;
    for (StockState &s : m_stocks) {
        const double before = s.price;
        walk(s, dt);
        m_tapes[s.spec.symbol].record(now, before, s.price);
    }
    m_account.process(now, lookup());
}

bool SimulatedMarket::hasUnderlying(std::string_view symbol) const {
    return stock(symbol) != nullptr;
}

std::vector<std::string> SimulatedMarket::underlyingSymbols() const {
    std::vector<std::string> out;
    for (const StockState &s : m_stocks)
        out.push_back(s.spec.symbol);
    return out;
}

const StockState *SimulatedMarket::stock(std::string_view symbol) const {
    for (const StockState &s : m_stocks) {
        if (s.spec.symbol == symbol)
            return &s;
    }
    return nullptr;
}

const StockTape *SimulatedMarket::tape(std::string_view symbol) const {
    const auto it = m_tapes.find(symbol);
    return it == m_tapes.end() ? nullptr : &it->second;
}

StockState *SimulatedMarket::findStock(std::string_view symbol) {
    return const_cast<StockState *>(std::as_const(*this).stock(symbol));
}

const std::vector<SimContract> &SimulatedMarket::chain(std::string_view underlying) {
    static const std::vector<SimContract> kEmpty;
    const ChainState *cs = ensureChain(underlying);
    return cs ? cs->contracts : kEmpty;
}

SimulatedMarket::ChainState *SimulatedMarket::ensureListed(std::string_view underlying,
                                                           StockState *&stock) {
    const auto it = m_chains.find(underlying);
    stock = findStock(underlying);
    if (it == m_chains.end() || !stock)
        return nullptr;
    ChainState &cs = it->second;
    if (cs.builtFor != m_today)
        buildChain(cs, *stock, m_today);
    const year_month_day session = sessionDate(m_now);
    if (cs.session != session) {
        // A new session starts with no volume; the last trade stays from the previous one.
        for (SimContract &c : cs.contracts) {
            c.volume = 0;
            c.dailyBar = SimBar{};
        }
        cs.session = session;
        cs.roundVersion = ~0ULL; // a new round: every contract is priced again
    }
    return &cs;
}

SimulatedMarket::ChainState *SimulatedMarket::ensureChain(std::string_view underlying) {
    StockState *s = nullptr;
    ChainState *cs = ensureListed(underlying, s);
    if (cs)
        priceChain(*cs, *s);
    return cs;
}

const std::vector<SimContract> &SimulatedMarket::listing(std::string_view underlying) {
    static const std::vector<SimContract> kEmpty;
    StockState *s = nullptr;
    const ChainState *cs = ensureListed(underlying, s);
    return cs ? cs->contracts : kEmpty;
}

void SimulatedMarket::price(std::string_view underlying,
                            const std::vector<const SimContract *> &contracts) {
    StockState *s = nullptr;
    ChainState *cs = ensureListed(underlying, s);
    if (!cs)
        return;
    const PricingContext &round = currentRound(*cs, *s);
    ExpiryTerms terms;
    // std::less orders any two pointers: a pointer from elsewhere is recognised, not subtracted.
    const std::less<const SimContract *> before;
    const SimContract *const first = cs->contracts.data();
    const SimContract *const last = first + cs->contracts.size();
    for (const SimContract *c : contracts)
        if (!before(c, first) && before(c, last))
            priceInRound(cs->contracts[static_cast<std::size_t>(c - first)], *s, round, terms);
}

const PricingContext &SimulatedMarket::currentRound(ChainState &cs, const StockState &s) {
    // Worked out once a round: contract() asks for it at every quote the stream sends.
    if (cs.pricingRound == 0 || cs.roundVersion != s.version || cs.roundAt != m_now) {
        ++cs.pricingRound;
        cs.roundVersion = s.version;
        cs.roundAt = m_now;
        PricingContext &ctx = cs.round;
        ctx.spot = s.fair;
        ctx.now = m_now;
        ctx.rate = m_options.rate;
        ctx.volumeFraction = volumeFraction(m_now);
        ctx.tradeTime = std::min(m_now, marketCloseInstant(cs.session));
        ctx.barTime = easternInstant(cs.session, 0, 0);
        ctx.tick = cs.pricingRound;
    }
    return cs.round;
}

void SimulatedMarket::priceInRound(SimContract &c, const StockState &s, const PricingContext &round,
                                   ExpiryTerms &terms) {
    if (c.pricedRound == round.tick)
        return;
    // A chain lists an expiry's contracts together: its terms are worked out once a run.
    if (terms.expiry != c.expiry)
        terms = expiryTerms(c.expiry, round.now);
    priceContract(c, s.spec, round, terms);
    c.pricedRound = round.tick;
}

void SimulatedMarket::buildChain(ChainState &cs, const StockState &s, year_month_day today) {
    for (const SimContract &c : cs.contracts)
        m_contractIds.erase(c.id);
    cs.contracts.clear();
    cs.builtFor = today;
    const UnderlyingSpec &spec = s.spec;
    const std::vector<Expiry> expiries =
        listExpiries(cs.syntheticCount > 0 ? ExpirySchedule::Daily : spec.schedule, today);

    if (cs.syntheticCount > 0) {
        // An exact-size chain: the nearest expiries, one strike step around spot.
        const std::size_t n = std::min<std::size_t>(expiries.size(), 10);
        const int perExpiry = (cs.syntheticCount + static_cast<int>(n) - 1) / static_cast<int>(n);
        const int strikes = (perExpiry + 1) / 2;
        const double center = std::round(s.fair / spec.innerStep) * spec.innerStep;
        for (std::size_t e = 0; e < n; ++e) {
            for (int i = 0; i < strikes; ++i) {
                const double k = center + (i - strikes / 2) * spec.innerStep;
                for (const OptionType t : {OptionType::Call, OptionType::Put}) {
                    if (k > 0.0 && static_cast<int>(cs.contracts.size()) < cs.syntheticCount)
                        cs.contracts.push_back(
                            makeContract(s, expiries[e].date, expiries[e].monthly, k, t));
                }
            }
        }
    } else {
        for (const Expiry &e : expiries) {
            const double years = yearsToExpiry(e.date, m_now);
            for (const double k : listStrikes(spec, s.fair, years)) {
                cs.contracts.push_back(makeContract(s, e.date, e.monthly, k, OptionType::Call));
                cs.contracts.push_back(makeContract(s, e.date, e.monthly, k, OptionType::Put));
            }
        }
    }
    finishChain(cs);

    // Yesterday's close for the contracts endpoint: near today's value when it traded at all.
    cs.session = sessionDate(m_now);
    priceChain(cs, s);
    for (SimContract &c : cs.contracts) {
        if (c.fullDayVolume > 0) {
            const double wobble = 1.0 + 0.06 * (unitInterval(c.traitHash >> 3) - 0.5);
            c.closePrice =
                std::max(exchangeTicks().tick(c.root, 0.0),
                         exchangeTicks().round(c.root, c.theo * wobble, TickRounding::Nearest));
        }
    }
    qCDebug(lcMarket) << "built" << spec.symbol.c_str() << "chain:" << cs.contracts.size()
                      << "contracts," << expiries.size() << "expiries";
}

SimContract SimulatedMarket::makeContract(const StockState &s, year_month_day expiry, bool monthly,
                                          double strike, OptionType type) const {
    const UnderlyingSpec &spec = s.spec;
    SimContract c;
    c.symbol = formatOccSymbol(spec.symbol, expiry, type, strike);
    c.root = spec.symbol;
    c.underlying = spec.symbol;
    c.type = type;
    c.strike = strike;
    c.expiry = expiry;
    c.monthly = monthly;
    const std::uint64_t h = stableHash(c.symbol, m_options.seed);
    c.traitHash = h;
    c.id = formatUuid(h, splitmix64(h));

    // Liquidity falls off with distance from the money (in standard deviations), is lower on
    // odd strikes, and varies from contract to contract.
    SimRandom r(h);
    const double years = std::max(yearsToExpiry(expiry, m_now), 0.0);
    const double x = moneynessScore(spec.vol, s.fair, strike, years);
    const double roundStrike = isMultiple(strike, spec.outerStep) ? 1.0 : 0.55;
    const double money = std::exp(-x * x / (2.0 * 1.8 * 1.8));
    c.liquidity = spec.liquidity * money * roundStrike * std::exp(0.5 * r.normal());
    const double oiFactor = (monthly ? 1.6 : 1.0) * (0.3 + 0.7 * std::min(1.0, years * 10.0));
    const double volFactor = (monthly ? 1.3 : 1.0) * (0.3 + 1.7 * std::exp(-years * 25.0));
    const auto oi = static_cast<std::int64_t>(std::llround(20000.0 * c.liquidity * oiFactor));
    if (r.uniform() >= 0.008)
        c.openInterest = oi;
    c.fullDayVolume = static_cast<std::int64_t>(
        std::floor(6000.0 * c.liquidity * volFactor * std::exp(0.6 * r.normal())));
    c.publishesGreeks = r.uniform() >= 0.02;
    c.spreadNoise = std::exp(0.25 * r.normal());
    return c;
}

void SimulatedMarket::finishChain(ChainState &cs) {
    std::sort(cs.contracts.begin(), cs.contracts.end(),
              [](const SimContract &a, const SimContract &b) { return a.symbol < b.symbol; });
    cs.bySymbol.clear();
    cs.bySymbol.reserve(cs.contracts.size());
    for (std::size_t i = 0; i < cs.contracts.size(); ++i) {
        cs.bySymbol.emplace(cs.contracts[i].symbol, i);
        m_contractIds.emplace(cs.contracts[i].id, cs.contracts[i].symbol);
    }
    // The two contracts with the smallest trait hash get a broken quote: one crossed, one empty.
    std::vector<std::size_t> order(cs.contracts.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    const std::size_t k = std::min<std::size_t>(2, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                      [&](std::size_t a, std::size_t b) {
                          return cs.contracts[a].traitHash < cs.contracts[b].traitHash;
                      });
    if (k > 0)
        cs.contracts[order[0]].quirk = QuoteQuirk::Crossed;
    if (k > 1)
        cs.contracts[order[1]].quirk = QuoteQuirk::Empty;
    cs.roundVersion = ~0ULL; // a new round: priced again with the quirks
}

void SimulatedMarket::priceChain(ChainState &cs, const StockState &s) {
    const PricingContext &round = currentRound(cs, s);
    ExpiryTerms terms;
    for (SimContract &c : cs.contracts)
        priceInRound(c, s, round, terms);
}

const SimContract *SimulatedMarket::contract(std::string_view symbol) {
    const auto occ = parseOccSymbol(symbol);
    if (!occ)
        return nullptr;
    StockState *s = nullptr;
    ChainState *cs = ensureListed(occ->root, s);
    if (!cs)
        return nullptr;
    const auto it = cs->bySymbol.find(std::string(symbol));
    if (it == cs->bySymbol.end())
        return nullptr;
    SimContract &c = cs->contracts[it->second];
    ExpiryTerms terms;
    priceInRound(c, *s, currentRound(*cs, *s), terms);
    return &c;
}

const SimContract *SimulatedMarket::contractById(std::string_view id) {
    for (const auto &[symbol, cs] : m_chains) {
        if (cs.builtFor != m_today) {
            StockState *stock = nullptr;
            ensureListed(symbol, stock);
        }
    }
    const auto it = m_contractIds.find(std::string(id));
    return it == m_contractIds.end() ? nullptr : contract(it->second);
}

std::optional<InstrumentPrice> SimulatedMarket::priceOf(const std::string &symbol) {
    InstrumentPrice p;
    if (const StockState *s = stock(symbol)) {
        p.assetId = s->assetId;
        p.assetClass = "us_equity";
        p.multiplier = 1.0;
        p.quote = Quote{s->bid, s->ask, s->bidSize, s->askSize, s->time};
        p.quoteUsable = s->ask > 0.0 && s->bid <= s->ask;
        p.mark = s->price;
        p.prevClose = s->prevClose;
        return p;
    }
    if (const SimContract *c = contract(symbol)) {
        p.assetId = c->id;
        p.assetClass = "us_option";
        p.quote = c->quote;
        p.quoteUsable =
            c->quirk == QuoteQuirk::None && c->quote.ask > 0.0 && c->quote.bid <= c->quote.ask;
        p.mark = c->theo;
        p.prevClose = c->closePrice.value_or(c->theo);
        p.strike = c->strike;
        p.optionType = c->type;
        return p;
    }
    // A held contract that has expired off the chain is worth its intrinsic value.
    const auto occ = parseOccSymbol(symbol);
    const StockState *s = occ ? stock(occ->root) : nullptr;
    if (!s || sys_days{occ->expiry} >= sys_days{m_today})
        return std::nullopt;
    const double k = occ->strike();
    p.assetId = formatUuid(stableHash(symbol, m_options.seed), 0);
    p.assetClass = "us_option";
    p.mark = std::max(0.0, occ->type == OptionType::Call ? s->price - k : k - s->price);
    p.prevClose = p.mark;
    p.strike = k;
    p.optionType = occ->type;
    return p;
}

PriceLookup SimulatedMarket::lookup() {
    return [this](const std::string &symbol) { return priceOf(symbol); };
}

Result<SimOrder> SimulatedMarket::submitOrder(const OrderSubmission &s) {
    const SyncScope sync(*this);
    return m_account.submit(s, m_now, lookup());
}

Result<SimOrder> SimulatedMarket::cancelOrder(const std::string &id) {
    const SyncScope sync(*this);
    return m_account.cancel(id, m_now);
}

Result<SimOrder> SimulatedMarket::replaceOrder(const std::string &id,
                                               const PaperAccount::Replacement &r) {
    const SyncScope sync(*this); // another front end's order, replaced in the shared account
    return m_account.replace(id, r, m_now, lookup());
}

Result<Unit> SimulatedMarket::exercise(const std::string &symbolOrContractId) {
    // Synced: a do-not-exercise mark another process made must be seen, the exercise saved.
    const SyncScope sync(*this);
    std::string symbol = symbolOrContractId;
    if (const auto it = m_contractIds.find(symbolOrContractId); it != m_contractIds.end())
        symbol = it->second;
    return m_account.exercise(symbol, lookup(), m_now);
}

std::vector<PaperAccount::Canceled> SimulatedMarket::cancelAllOrders() {
    const SyncScope sync(*this);
    return m_account.cancelAll(m_now);
}

PaperAccount::Closed SimulatedMarket::closePosition(const std::string &symbolOrAssetId,
                                                    const PaperAccount::Close &c) {
    const SyncScope sync(*this);
    return m_account.closePosition(symbolOrAssetId, c, m_now, lookup());
}

std::vector<PaperAccount::Closed> SimulatedMarket::closeAllPositions(bool cancelOrders) {
    const SyncScope sync(*this);
    return m_account.closeAllPositions(cancelOrders, m_now, lookup());
}

Result<Unit> SimulatedMarket::doNotExercise(const std::string &symbolOrContractId) {
    const SyncScope sync(*this);
    std::string symbol = symbolOrContractId;
    if (const auto it = m_contractIds.find(symbolOrContractId); it != m_contractIds.end())
        symbol = it->second;
    return m_account.doNotExercise(symbol, lookup(), m_now);
}

const SimOrder *SimulatedMarket::order(const std::string &id) const {
    const SyncScope sync(*this);
    return m_account.order(id);
}

const SimOrder *SimulatedMarket::orderByClientOrderId(const std::string &clientOrderId) const {
    const SyncScope sync(*this);
    return m_account.orderByClientOrderId(clientOrderId);
}

const std::vector<SimOrder> &SimulatedMarket::orders() const {
    const SyncScope sync(*this);
    return m_account.orders();
}

bool SimulatedMarket::hasOpenOrders() const {
    const SyncScope sync(*this);
    return m_account.hasOpenOrders();
}

AccountView SimulatedMarket::account() {
    const SyncScope sync(*this);
    return m_account.account(lookup());
}

std::vector<PositionView> SimulatedMarket::positions() {
    const SyncScope sync(*this);
    return m_account.positions(lookup());
}

std::vector<SimActivity> SimulatedMarket::activities() {
    const SyncScope sync(*this);
    return m_account.activities();
}

std::vector<EquityPoint> SimulatedMarket::equityHistory() {
    const SyncScope sync(*this);
    return m_account.equityHistory();
}

int SimulatedMarket::settleExpiries() {
    const SyncScope sync(*this);
    return m_account.settleExpiries(m_now, lookup());
}

} // namespace cg::market
