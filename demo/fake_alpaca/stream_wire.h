#pragma once
// The fake server's side of Alpaca's option stream wire format (docs/alpaca-wire.md section
// 8), written apart from the client's codec so that the tests compare two readings of the spec:
// frames are msgpack arrays of maps with "T" first, times the timestamp extension (type -1) in
// its 96-bit form; client actions are msgpack maps read back here.

#include "domain/quote.h"
#include "market/sim_contract.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace cg::fake {

class StreamFrame {
public:
    void addSuccess(const char *msg);
    void addError(int code, const char *msg);
    void addSubscription(const std::vector<std::string> &trades,
                         const std::vector<std::string> &quotes);
    void addQuote(const market::SimContract &c);
    void addTrade(const std::string &symbol, const market::SimTrade &t);
    int size() const { return m_count; }
    // The whole frame: one array of the maps added.
    QByteArray bytes() const;

private:
    QByteArray m_body;
    int m_count = 0;
};

// msgpack timestamp extension in its 96-bit form: ext 8 (0xc7 0x0c 0xff), nsec32, sec64.
void appendTimestamp96(QByteArray &out, Timestamp t);

// The client's action, as far as the fake needs it; empty when the bytes are no msgpack map with
// a text "action".
struct StreamAction {
    std::string action; // auth, subscribe, unsubscribe
    std::string key;
    std::string secret;
    std::vector<std::string> quotes;
    std::vector<std::string> trades;
};
std::optional<StreamAction> readStreamAction(const QByteArray &bytes);

// A frame that is not what the spec promises, for the stream-malformed fault: the n-th kind of
// breakage (cut short, "T" not first, a quote with a text price, not msgpack at all).
QByteArray malformedFrame(int n);

} // namespace cg::fake
