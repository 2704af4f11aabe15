#pragma once
// A Broker that refuses everything, as an unreachable Alpaca would: every call answers at once
// with "Could not reach Alpaca: connection refused".

#include "broker/broker.h"

namespace cg::test {

class DownBroker : public Broker {
public:
    template <class T> static void fail(Callback<T> done) {
        done(Error::make("Could not reach Alpaca: connection refused"));
    }
    void account(Callback<Account> done) override { fail(done); }
    void positions(Callback<std::vector<Position>> done) override { fail(done); }
    void submitOrder(const OrderRequest &, Callback<Order> done) override { fail(done); }
    void order(const std::string &, Callback<Order> done) override { fail(done); }
    void orderByClientId(const std::string &, Callback<Order> done) override { fail(done); }
    void orders(OrderListStatus, int, Callback<std::vector<Order>> done) override { fail(done); }
    void cancelOrder(const std::string &, Callback<Unit> done) override { fail(done); }
    void replaceOrder(const std::string &, const ReplaceRequest &, Callback<Order> done) override {
        fail(done);
    }
    void exercise(const std::string &, Callback<Unit> done) override { fail(done); }
};

} // namespace cg::test
