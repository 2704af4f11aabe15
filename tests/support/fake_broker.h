#pragma once
// In-process Broker for dispatcher, model and UI tests: an account, positions and an order book
// with Alpaca's rules that matter here (client_order_id unique, 404 when unknown), plus faults: the
// answer to a submit lost after the order was made, lookups failing, a refusal, a submit that
// times out before the order exists (accepted late, or never), a submit still on its way (not
// yet at the broker) until the test lets it arrive, and answers held back while an order is in
// flight.

#include "broker/broker.h"

#include <QObject>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <map>
#include <utility>
#include <vector>

namespace cg::test {

class FakeBroker : public QObject, public Broker {
public:
    Account acct;
    std::vector<Position> positionList;
    std::vector<Order> book;
    std::vector<OrderRequest> submitted; // every submit call, accepted or not
    std::string initialStatus = "pending_new";
    int dropSubmitResponses = 0;      // orders made, answer replaced by a timeout error
    int failLookups = 0;              // orderByClientId answers a network error
    int failOrderLists = 0;           // orders() answers a server error
    int failPagesWithUntil = 0;       // ordersPage() with `until` answers 429 (a later page)
    std::optional<Error> submitError; // refused without making an order
    int cancelCalls = 0;
    // Cancels made whose answer is lost: what the transport's retry then meets is Alpaca's 422
    // "order is not cancelable" (the first one cancelled it).
    int loseCancelAnswers = 0;
    std::function<void(const std::string &)> onCancel; // runs as the DELETE arrives
    // Replaces made whose answer is lost: a timeout, the new order at the broker all the same.
    int loseReplaceAnswers = 0;
    int lookups = 0;                                   // order() and orderByClientId() calls
    std::function<void(const std::string &)> onLookup; // runs as orderByClientId() arrives
    int orderPages = 0;                                // ordersPage() answers
    // Submits answered with a timeout before the order exists; acceptLate() makes them.
    int loseSubmits = 0;
    std::vector<OrderRequest> lateRequests;
    bool holdSubmits = false; // submits wait, not yet at the broker, until releaseSubmits()
    bool holdAnswers = false; // answers to submits (orders made) wait for releaseAnswers()
    std::vector<std::function<void()>> heldAnswers;
    std::function<void(const OrderRequest &)> onSubmit; // runs as the order arrives
    std::function<void()> afterPositions;               // runs as each positions() read is answered
    Timestamp now{};                                    // createdAt of new orders

    FakeBroker() {
        acct.id = "fake-account";
        acct.status = "ACTIVE";
        acct.equity = 100000.0;
        acct.lastEquity = 100000.0;
        acct.cash = 100000.0;
        acct.buyingPower = 200000.0;
        acct.optionsBuyingPower = 100000.0;
        acct.optionsTradingLevel = 2;
    }

    void account(Callback<Account> done) override {
        const Account a = acct;
        later([done, a] { done(a); });
    }
    void positions(Callback<std::vector<Position>> done) override {
        const auto p = positionList;
        // The account moves on once the positions are read (once: the hook is taken first).
        if (auto hook = std::exchange(afterPositions, nullptr))
            hook();
        later([done, p] { done(p); });
    }
    void submitOrder(const OrderRequest &r, Callback<Order> done) override {
        submitted.push_back(r);
        if (holdSubmits) {
            m_heldSubmits.push_back([this, r, done] { arrive(r, done); });
            return;
        }
        arrive(r, done);
    }
    // The held submits reach the broker now (and are answered from the event loop).
    void releaseSubmits() {
        holdSubmits = false;
        auto held = std::move(m_heldSubmits);
        m_heldSubmits.clear();
        for (auto &f : held)
            f();
    }
    int heldSubmits() const { return static_cast<int>(m_heldSubmits.size()); }

    // A stock position of `qty` shares (negative: short).
    static Position shares(const std::string &symbol, double qty) {
        Position p;
        p.symbol = symbol;
        p.assetClass = "us_equity";
        p.qty = qty;
        return p;
    }
    // An option position of `qty` contracts (negative: short).
    static Position contracts(const std::string &symbol, double qty) {
        Position p = shares(symbol, qty);
        p.assetClass = "us_option";
        return p;
    }
    // A working sell of `qty` shares, as another program or the trader left it.
    static Order workingStockSell(const std::string &id, const std::string &symbol, double qty) {
        Order o;
        o.id = id;
        o.symbol = symbol;
        o.assetClass = "us_equity";
        o.side = OrderSide::Sell;
        o.qty = qty;
        o.status = "new";
        return o;
    }
    // `count` working buys of other stocks, submitted one millisecond apart after `after`: an
    // account busy enough that its older orders are past Alpaca's first page of 500.
    void addNewerOpenOrders(int count, Timestamp after) {
        for (int i = 0; i < count; ++i) {
            Order o;
            o.id = "ord-busy-" + std::to_string(i);
            o.clientOrderId = "elsewhere-" + std::to_string(i);
            o.symbol = "BUSY";
            o.assetClass = "us_equity";
            o.side = OrderSide::Buy;
            o.qty = 1;
            o.status = "new";
            o.submittedAt = after + std::chrono::milliseconds{1 + i};
            book.push_back(std::move(o));
        }
    }
    // Order `id` fills, and the positions empty, just after the next positions() read: the
    // account moving between a reader's two reads.
    void fillAfterNextPositionsRead(const std::string &id) {
        afterPositions = [this, id] {
            for (Order &o : book)
                if (o.id == id) {
                    o.status = "filled";
                    o.filledQty = o.qty;
                }
            positionList.clear();
        };
    }

    // The submit as the broker handles it: refused, a duplicate, or a new order.
    void arrive(const OrderRequest &r, Callback<Order> done) {
        if (onSubmit)
            onSubmit(r);
        if (loseSubmits > 0) {
            --loseSubmits;
            lateRequests.push_back(r);
            Error e{"Alpaca did not answer within 10 s (POST /v2/orders)", 0, 0};
            return later([done, e] { done(e); });
        }
        if (submitError) {
            const Error e = *submitError;
            return later([done, e] { done(e); });
        }
        for (const Order &o : book) {
            if (o.clientOrderId == r.clientOrderId) {
                Error e{"client_order_id must be unique", 422, 40010001};
                return later([done, e] { done(e); });
            }
        }
        const Order o = make(r);
        if (dropSubmitResponses > 0) {
            --dropSubmitResponses;
            Error e{"Alpaca did not answer within 10 s (POST /v2/orders)", 0, 0};
            return later([done, e] { done(e); });
        }
        if (holdAnswers) {
            heldAnswers.push_back([done, o] { done(o); });
            return;
        }
        later([done, o] { done(o); });
    }
    // The orders whose submit timed out arrive after all.
    void acceptLate() {
        for (const OrderRequest &r : std::exchange(lateRequests, {}))
            make(r);
    }
    void releaseAnswers() {
        holdAnswers = false;
        for (auto &answer : std::exchange(heldAnswers, {}))
            later(std::move(answer));
    }
    void order(const std::string &id, Callback<Order> done) override {
        ++lookups;
        Result<Order> r = Error{"order not found for " + id, 404, 40410000};
        for (const Order &o : book) {
            if (o.id == id)
                r = o;
        }
        later([done, r] { done(r); });
    }
    void orderByClientId(const std::string &cid, Callback<Order> done) override {
        ++lookups;
        if (onLookup)
            onLookup(cid);
        if (failLookups > 0) {
            --failLookups;
            Error e{"Could not reach Alpaca: connection refused", 0, 0};
            return later([done, e] { done(e); });
        }
        Result<Order> r = Error{"order not found", 404, 40410000};
        for (const Order &o : book) {
            if (o.clientOrderId == cid)
                r = o;
        }
        later([done, r] { done(r); });
    }
    void orders(OrderListStatus status, int limit, Callback<std::vector<Order>> done) override {
        ordersPage(status, limit, std::nullopt, std::move(done));
    }
    // As Alpaca pages them: newest first (submittedAt, then the later in the book), at most
    // `limit`, submitted before `until` (exclusive).
    void ordersPage(OrderListStatus status, int limit, std::optional<Timestamp> until,
                    Callback<std::vector<Order>> done) override {
        if (failOrderLists > 0) {
            --failOrderLists;
            later([done] { done(Error{"internal server error", 500, 50010000}); });
            return;
        }
        if (until && failPagesWithUntil > 0) {
            --failPagesWithUntil;
            later([done] { done(Error{"too many requests", 429, 42910000}); });
            return;
        }
        ++orderPages;
        std::vector<Order> out;
        for (auto it = book.rbegin(); it != book.rend(); ++it) {
            const bool open = !isFinalOrderStatus(it->status);
            if ((status == OrderListStatus::All || (status == OrderListStatus::Open) == open) &&
                (!until || it->submittedAt < *until))
                out.push_back(*it);
        }
        std::stable_sort(out.begin(), out.end(), [](const Order &a, const Order &b) {
            return a.submittedAt > b.submittedAt;
        });
        if (out.size() > static_cast<std::size_t>(std::max(limit, 0)))
            out.resize(static_cast<std::size_t>(std::max(limit, 0)));
        later([done, out] { done(out); });
    }
    void cancelOrder(const std::string &id, Callback<Unit> done) override {
        ++cancelCalls;
        if (onCancel)
            onCancel(id);
        Result<Unit> r = Error{"order not found", 404, 40410000};
        for (Order &o : book) {
            if (o.id == id) {
                if (isFinalOrderStatus(o.status)) {
                    r = Error{"order is not cancelable", 422, 42210000};
                } else {
                    o.status = "canceled";
                    r = Unit{};
                    if (loseCancelAnswers > 0) {
                        --loseCancelAnswers;
                        r = Error{"order is not cancelable", 422, 42210000};
                    }
                }
            }
        }
        later([done, r] { done(r); });
    }

    // Alpaca's replace: a new order (new id, `replaces` = old id), the old one "replaced".
    std::vector<std::pair<std::string, ReplaceRequest>> replaced; // every replace call
    void replaceOrder(const std::string &id, const ReplaceRequest &req,
                      Callback<Order> done) override {
        replaced.emplace_back(id, req);
        Result<Order> r = Error{"order not found", 404, 40410000};
        for (std::size_t i = 0; i < book.size(); ++i) {
            if (book[i].id != id)
                continue;
            if (isFinalOrderStatus(book[i].status)) {
                r = Error{"order is not open", 422, 42210000};
                break;
            }
            Order n = book[i];
            n.id = "ord-" + std::to_string(book.size() + 1);
            n.clientOrderId = req.clientOrderId.empty() ? n.id + "-coid" : req.clientOrderId;
            if (req.qty)
                n.qty = *req.qty;
            if (req.limitPrice)
                n.limitPrice = req.limitPrice;
            n.status = initialStatus;
            n.replaces = id;
            book[i].status = "replaced";
            book[i].replacedBy = n.id;
            book.push_back(n);
            r = n;
            if (loseReplaceAnswers > 0) {
                --loseReplaceAnswers;
                r = Error{"Alpaca did not answer PATCH /v2/orders/" + id + " within 10 s", 0, 0};
            }
            break;
        }
        later([done, r] { done(r); });
    }
    std::vector<std::string> exercised; // every exercise call
    void exercise(const std::string &symbol, Callback<Unit> done) override {
        exercised.push_back(symbol);
        Result<Unit> r = Error{"no available position for the specified contract", 403, 40310000};
        for (const Position &p : positionList) {
            if (p.symbol == symbol)
                r = p.qty > 0
                        ? Result<Unit>(Unit{})
                        : Result<Unit>(Error{"cannot exercise short position", 403, 40310001});
        }
        later([done, r] { done(r); });
    }

    Order *byClientId(const std::string &cid) {
        for (Order &o : book) {
            if (o.clientOrderId == cid)
                return &o;
        }
        return nullptr;
    }
    void fill(const std::string &cid, double price, double qty = -1) {
        if (Order *o = byClientId(cid)) {
            o->filledQty = qty < 0 ? o->qty : qty;
            o->filledAvgPrice = price;
            o->status = o->filledQty < o->qty ? "partially_filled" : "filled";
        }
    }

    // A multi-leg order filled: each leg at its price (in leg order), the net at `net`.
    void fillLegs(const std::string &cid, double net, const std::vector<double> &legPrices) {
        if (Order *o = byClientId(cid)) {
            fill(cid, net);
            for (std::size_t i = 0; i < o->legs.size() && i < legPrices.size(); ++i) {
                o->legs[i].filledQty = o->legs[i].qty;
                o->legs[i].filledAvgPrice = legPrices[i];
                o->legs[i].status = "filled";
            }
        }
    }

private:
    Order make(const OrderRequest &r) {
        Order o;
        o.id = "ord-" + std::to_string(book.size() + 1);
        o.clientOrderId = r.clientOrderId;
        o.symbol = r.symbol;
        o.assetClass = r.symbol.size() > 10 ? "us_option" : "us_equity";
        o.status = initialStatus;
        o.side = r.side;
        o.type = r.type;
        o.qty = r.qty;
        o.limitPrice = r.limitPrice;
        o.timeInForce = r.timeInForce;
        o.intent = r.intent;
        o.createdAt = now;
        o.submittedAt = now;
        if (!r.legs.empty()) {
            o.orderClass = "mleg";
            for (const OrderLegRequest &l : r.legs) {
                OrderLeg leg;
                leg.id = o.id + "-leg" + std::to_string(o.legs.size() + 1);
                leg.symbol = l.symbol;
                leg.side = l.side;
                leg.ratioQty = l.ratioQty;
                leg.intent = l.intent;
                leg.qty = r.qty * l.ratioQty;
                leg.status = initialStatus;
                o.legs.push_back(leg);
            }
        }
        book.push_back(o);
        return o;
    }
    void later(std::function<void()> f) { QTimer::singleShot(0, this, std::move(f)); }
    std::vector<std::function<void()>> m_heldSubmits;
};

} // namespace cg::test
