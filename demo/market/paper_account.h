#pragma once
// The simulated broker account: validates orders the way Alpaca does, fills them against the
// simulated quotes after a short delay, and keeps cash, positions and buying power.

#include "domain/option_type.h"
#include "domain/result.h"
#include "market/sim_activity.h"
#include "market/sim_order.h"
#include "market/sim_random.h"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cg::market {

// What the account needs to know about an instrument at this moment.
struct InstrumentPrice {
    std::string assetId;
    std::string assetClass; // us_option, us_equity
    double multiplier = 100.0;
    Quote quote;
    bool quoteUsable = false; // ask > 0 and not crossed
    double mark = 0.0;        // fair value per share
    double prevClose = 0.0;
    std::optional<double> strike;
    std::optional<OptionType> optionType;
};
using PriceLookup = std::function<std::optional<InstrumentPrice>(const std::string &symbol)>;

class PaperAccount {
public:
    struct Options {
        double startingCash = 100'000.0;
        std::chrono::milliseconds acceptDelay{150}; // pending_new -> new
        std::chrono::milliseconds fillDelay{400};   // new -> filled when marketable
        bool fillOutsideSession = true;             // DEMO runs at night too
        double partialFillFrom = 10;                // orders this large fill in two parts
        int optionsLevel = 3; // Alpaca's options_trading_level: 1 covered, 2 long, 3 spreads
    };

    // PATCH /v2/orders/{id}: every field optional, still text, as it arrives.
    struct Replacement {
        std::optional<std::string> qty;
        std::optional<std::string> limitPrice;
        std::optional<std::string> stopPrice;
        std::optional<std::string> timeInForce;
        std::optional<std::string> clientOrderId;
    };

    // DELETE /v2/positions/{symbol_or_asset_id}: close `qty` or `percentage` of it (text as it
    // arrives, at most one of them), or all of it when neither is given.
    struct Close {
        std::optional<std::string> qty;
        std::optional<std::string> percentage;
    };
    // What a close did: the closing order or why there is none, with the quantities Alpaca's
    // 403 names (existing_qty, available).
    struct Closed {
        std::string symbol;        // the position's; empty when there is none
        double existingQty = 0.0;  // signed, as held
        double availableQty = 0.0; // not held by open orders on the closing side
        Result<SimOrder> order = Error{};
    };
    // One entry of DELETE /v2/orders: the order that was open and how its cancel went.
    struct Canceled {
        std::string id;
        Result<SimOrder> order = Error{};
    };

    PaperAccount(std::uint64_t seed, Timestamp created, Options options);

    // Errors carry Alpaca's HTTP status and code: 422/40010001 validation, 422/42210000
    // duplicate client_order_id, 403/40310000 buying power or quantity.
    Result<SimOrder> submit(const OrderSubmission &s, Timestamp now, const PriceLookup &lookup);
    // 404/40410000 unknown id, 422/42210000 not cancelable.
    Result<SimOrder> cancel(const std::string &id, Timestamp now);
    // The new order (new id, `replaces` = id); the old one ends "replaced" with `replaced_by`.
    // 404/40410000 unknown; 422/42210000 not open, in a status that cannot be replaced, nothing
    // changed, qty not above filled_qty; 403/40310000 buying power.
    Result<SimOrder> replace(const std::string &id, const Replacement &r, Timestamp now,
                             const PriceLookup &lookup);
    // Cancels every open order (DELETE /v2/orders), oldest first.
    std::vector<Canceled> cancelAll(Timestamp now);
    // Places the closing order: a day market order on the other side (sell_to_close a long,
    // buy_to_close a short). Whole units of a whole position; a percentage rounds down.
    // 404/40410000 no position; 422/40010001 both parameters or a bad value; 403/40310000 more
    // than open orders leave available; otherwise what submit() answers.
    Closed closePosition(const std::string &symbolOrAssetId, const Close &c, Timestamp now,
                         const PriceLookup &lookup);
    // DELETE /v2/positions: every position, by symbol; `cancelOrders` cancels open orders first.
    std::vector<Closed> closeAllPositions(bool cancelOrders, Timestamp now,
                                          const PriceLookup &lookup);
    // Marks a long option position do-not-exercise (it then expires at the close, in the money
    // or not). 422/42210000 not an option, 403/40310000 not held, 403/40310001 short,
    // 403/40310000 not its expiration day (New York).
    Result<Unit> doNotExercise(const std::string &symbol, const PriceLookup &lookup, Timestamp now);
    // Exercises the whole long option position: a call buys, a put sells 100 shares a contract
    // at the strike. 403/40310000 no position or not enough cash, 403/40310001 a short position,
    // 422/42210000 not an option, 403/40310000 marked do-not-exercise.
    // Books OPEXC (-N) and OPTRD (the shares at the strike) at `now`.
    Result<Unit> exercise(const std::string &symbol, const PriceLookup &lookup,
                          Timestamp now = Timestamp{});
    // At the close of an expiry day (16:00 New York of the contract's expiry, 13:00 on an early
    // close, or any later
    // moment): an ITM long (>= $0.01 against the underlying's mark) is exercised (OPEXC +
    // OPTRD) unless marked do-not-exercise, an ITM short assigned (OPASN + OPTRD), an OTM one
    // expires worthless (OPEXP). Shares and cash move as for an exercise. process() calls it; the
    // count of contracts settled.
    int settleExpiries(Timestamp now, const PriceLookup &lookup);
    // Advances order states and fills what is marketable at `now`.
    void process(Timestamp now, const PriceLookup &lookup);
    // Start of a new session: today's P&L is measured from here.
    void rollDay(const PriceLookup &lookup);

    const SimOrder *order(const std::string &id) const;
    const SimOrder *orderByClientOrderId(const std::string &clientOrderId) const;
    const std::vector<SimOrder> &orders() const { return m_orders; }            // oldest first
    const std::vector<SimActivity> &activities() const { return m_activities; } // oldest first
    // The account's equity, one point a minute at most while the market is processed.
    const std::vector<EquityPoint> &equityHistory() const { return m_equity; }
    bool hasOpenOrders() const;

    AccountView account(const PriceLookup &lookup) const;
    std::vector<PositionView> positions(const PriceLookup &lookup) const;

    // Everything that makes the account what it is, for DEMO's shared account file
    // (demo/fake_alpaca/demo_backend_state.h): another process's state replaces this one's.
    struct State {
        std::string accountId;
        std::string accountNumber;
        Timestamp createdAt{};
        double cash = 0.0;
        double lastEquity = 0.0;
        std::vector<SimOrder> orders; // oldest first
        std::vector<SimPosition> positions;
        std::vector<SimActivity> activities; // oldest first
    };
    State state() const;
    void restore(State state);

private:
    double openSellQty(const std::string &symbol) const;
    double openBuyQty(const std::string &symbol) const;
    double shortPutCollateral(const PriceLookup &lookup) const;
    double buyingPower(const PriceLookup &lookup) const;
    std::optional<double> fillPrice(const SimOrder &o, const InstrumentPrice &p,
                                    Timestamp now) const;
    void applyFill(SimOrder &o, double qty, double price, Timestamp now);
    // How much of `o` its next fill takes: what is left, or half of a large order's first fill
    // (Options::partialFillFrom). Units for an mleg order.
    double nextFillQty(const SimOrder &o) const;
    // The order's side of a fill of `qty` at `price` (for mleg: units at the net): average price,
    // filled quantity, the buying power still held, status.
    void recordOrderFill(SimOrder &o, double qty, double price, Timestamp now);
    // The FILL activity of one fill (a simple order's, or one mleg leg's), and an option's FEE
    // activities beside it.
    struct FillActivity {
        std::string orderId;
        std::string status; // the order's after the fill
        std::string symbol;
        std::string side;
        bool option = false;
        double qty = 0.0;
        double price = 0.0;
        double cumQty = 0.0;
        double leavesQty = 0.0;
    };
    void bookFillActivity(const FillActivity &f, Timestamp now);
    // Positions and cash for one fill of one instrument (a simple order or an mleg leg).
    void bookFill(const std::string &symbol, const std::string &assetId,
                  const std::string &assetClass, double multiplier, bool buy, double qty,
                  double price);
    // order_class "mleg" (demo/market/paper_account_mleg.cpp).
    Result<SimOrder> submitMleg(const OrderSubmission &s, Timestamp now, const PriceLookup &lookup);
    void processMleg(SimOrder &o, Timestamp now, const PriceLookup &lookup);
    std::string newId();
    SimActivity &book(std::string type, Timestamp now, const std::string &symbol, double qty);
    // The underlying leg of an exercise or assignment: `shares` signed, at the strike.
    void moveShares(const std::string &underlying, double shares, double strike, Timestamp now,
                    const PriceLookup &lookup);
    std::string newOrderId();

    Options m_options;
    SimRandom m_random;
    std::string m_accountId;
    std::string m_accountNumber;
    Timestamp m_createdAt;
    double m_cash;
    double m_lastEquity;
    std::vector<SimOrder> m_orders;
    std::unordered_map<std::string, std::size_t> m_byId;
    std::unordered_map<std::string, std::size_t> m_byClientId;
    std::map<std::string, SimPosition> m_positions;
    std::vector<SimActivity> m_activities;
    std::uint64_t m_activitySeq = 0; // activity ids leave m_random alone: replays stay identical
    std::vector<EquityPoint> m_equity;
};

} // namespace cg::market
