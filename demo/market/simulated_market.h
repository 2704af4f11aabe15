#pragma once
// The simulated market behind DEMO mode and the fake Alpaca server: underlyings on a seeded
// random walk, full option chains priced with Black-Scholes on a volatility smile, and a paper
// account whose orders fill against those quotes. Time is always passed in (step(now)); the
// market never reads the system clock, so a seed and a sequence of instants replay exactly.

#include "domain/result.h"
#include "market/option_pricer.h"
#include "market/paper_account.h"
#include "market/sim_contract.h"
#include "market/stock_tape.h"
#include "market/underlying_spec.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cg::market {

struct StockState {
    UnderlyingSpec spec;
    std::string assetId;
    double fair = 0.0;  // the random walk's value; options are priced off it
    double price = 0.0; // last trade, in cents
    double prevClose = 0.0;
    double dayOpen = 0.0;
    double dayHigh = 0.0;
    double dayLow = 0.0;
    double bid = 0.0;
    double ask = 0.0;
    int bidSize = 0;
    int askSize = 0;
    std::int64_t dayVolume = 0;
    std::int64_t tradeId = 0;
    int lastSize = 100;
    Timestamp time{}; // of the last trade and quote
    std::uint64_t version = 0;
};

// Keeps the paper account in step with other processes (DEMO's shared account): pull() before
// the account is read or changed, push() after; push() saves only what changed.
class AccountSync {
public:
    virtual ~AccountSync() = default;
    virtual void pull(PaperAccount &account) = 0;
    virtual void push(const PaperAccount &account) = 0;
};

class SimulatedMarket {
public:
    struct Options {
        std::uint64_t seed = 20261126;
        double rate = 0.045; // risk-free rate for pricing
        std::vector<UnderlyingSpec> underlyings = defaultUnderlyings();
        PaperAccount::Options account;
        // Longest stretch one step simulates; a laptop waking from sleep does not jump days.
        std::chrono::milliseconds maxStep{std::chrono::hours{1}};
    };

    explicit SimulatedMarket(Timestamp start);
    SimulatedMarket(Timestamp start, Options options);

    // Advances the random walk to `now` and fills what has become fillable. Earlier instants are
    // ignored.
    void step(Timestamp now);
    Timestamp now() const { return m_now; }
    std::uint64_t seed() const { return m_options.seed; }
    double rate() const { return m_options.rate; }

    bool hasUnderlying(std::string_view symbol) const;
    std::vector<std::string> underlyingSymbols() const;
    const StockState *stock(std::string_view symbol) const;
    // The stock's price bars (GET /v2/stocks/{symbol}/bars); nullptr for unknown symbols.
    const StockTape *tape(std::string_view symbol) const;

    // The chain of an underlying sorted by symbol, priced at now(); empty for unknown symbols.
    // Valid until the next call that reprices (step, chain, contract, price).
    const std::vector<SimContract> &chain(std::string_view underlying);
    // One contract priced at now(): only it is priced, not its chain.
    const SimContract *contract(std::string_view symbol);
    // The chain as listed, its contracts as last priced: what does not move with the market
    // (symbol, id, strike, expiry, open interest, close price) is current. A page of the
    // contracts endpoint reads this and prices nothing; a page of snapshots prices its own
    // contracts with price() (a chain of 5,000 was priced twelve times for one fetch).
    const std::vector<SimContract> &listing(std::string_view underlying);
    // Prices these contracts of `underlying`'s listing at now(), as chain() would have. The
    // pointers come from listing() in the same request, with no step() in between (a new day
    // rebuilds the chain); one that is not in the listing is left alone.
    void price(std::string_view underlying, const std::vector<const SimContract *> &contracts);
    const SimContract *contractById(std::string_view id);

    // Lists an extra underlying whose chain has exactly `contractCount` contracts (benchmarks:
    // e.g. 10,000 contracts, ten pages of 1,000). 0 lists a regular chain.
    void addSyntheticUnderlying(const UnderlyingSpec &spec, int contractCount);

    // Orders and account (Alpaca's rules, see PaperAccount).
    Result<SimOrder> submitOrder(const OrderSubmission &s);
    Result<SimOrder> cancelOrder(const std::string &id);
    Result<SimOrder> replaceOrder(const std::string &id, const PaperAccount::Replacement &r);
    Result<Unit> exercise(const std::string &symbolOrContractId);
    std::vector<PaperAccount::Canceled> cancelAllOrders();
    PaperAccount::Closed closePosition(const std::string &symbolOrAssetId,
                                       const PaperAccount::Close &c);
    std::vector<PaperAccount::Closed> closeAllPositions(bool cancelOrders);
    Result<Unit> doNotExercise(const std::string &symbolOrContractId);
    const SimOrder *order(const std::string &id) const;
    const SimOrder *orderByClientOrderId(const std::string &clientOrderId) const;
    const std::vector<SimOrder> &orders() const;
    bool hasOpenOrders() const;
    AccountView account();
    std::vector<PositionView> positions();
    // GET /v2/account/activities and /v2/account/portfolio/history (PaperAccount's log).
    std::vector<SimActivity> activities();
    std::vector<EquityPoint> equityHistory();
    // The close of an expiry day at `now` (normally step() does it): see
    // PaperAccount::settleExpiries.
    int settleExpiries();
    // Not owned; nullptr (the default) keeps the account in this process only.
    void setAccountSync(AccountSync *sync) { m_sync = sync; }

private:
    struct SyncScope;
    struct ChainState {
        std::chrono::year_month_day builtFor{};
        std::chrono::year_month_day session{}; // whose volume the daily bars show
        int syntheticCount = 0;                // > 0: an exact-size benchmark chain
        std::vector<SimContract> contracts;
        std::unordered_map<std::string, std::size_t> bySymbol;
        // A pricing round: one instant and one version of the stock. A contract is priced once
        // a round, whichever call asks first (chain, contract, price): the same answer for it.
        std::uint64_t pricingRound = 0;
        std::uint64_t roundVersion = ~0ULL;
        Timestamp roundAt{};
        PricingContext round; // the current round's
    };

    StockState *findStock(std::string_view symbol);
    // The chain built for today and reset for the session, nothing priced; nullptr: unknown.
    ChainState *ensureListed(std::string_view underlying, StockState *&stock);
    ChainState *ensureChain(std::string_view underlying);
    const PricingContext &currentRound(ChainState &cs, const StockState &s);
    void buildChain(ChainState &cs, const StockState &s, std::chrono::year_month_day today);
    SimContract makeContract(const StockState &s, std::chrono::year_month_day expiry, bool monthly,
                             double strike, OptionType type) const;
    void finishChain(ChainState &cs);
    void priceChain(ChainState &cs, const StockState &s);
    // `terms`: the last expiry's, kept by the caller across a run of contracts.
    static void priceInRound(SimContract &c, const StockState &s, const PricingContext &round,
                             ExpiryTerms &terms);
    void walk(StockState &s, double dtYears);
    std::optional<InstrumentPrice> priceOf(const std::string &symbol);
    PriceLookup lookup();

    Options m_options;
    Timestamp m_now;
    std::chrono::year_month_day m_today;
    SimRandom m_random;
    std::vector<StockState> m_stocks;
    std::map<std::string, StockTape, std::less<>> m_tapes;
    std::map<std::string, ChainState, std::less<>> m_chains;
    std::unordered_map<std::string, std::string> m_contractIds; // id -> symbol
    mutable PaperAccount m_account; // const readers may pull a newer state (AccountSync)
    AccountSync *m_sync = nullptr;
};

} // namespace cg::market
