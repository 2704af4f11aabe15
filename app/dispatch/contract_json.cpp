#include "dispatch/contract_json.h"

#include "dispatch/json_writer.h"
#include "domain/black_scholes_greeks.h"
#include "domain/number_format.h"
#include "domain/quote.h"

#include <QJsonArray>
#include <QJsonValue>

#include <variant>

namespace cg {

namespace {

// Builds a QJsonObject through the same calls JsonWriter takes.
class JsonTree {
public:
    void beginObject() { m_stack.push_back({QJsonObject(), m_key}); }
    void endObject() { pop(); }
    void beginArray() { m_stack.push_back({QJsonArray(), m_key}); }
    void endArray() { pop(); }
    void key(std::string_view k) {
        m_key = QString::fromUtf8(k.data(), static_cast<qsizetype>(k.size()));
    }
    void number(std::optional<double> v) {
        put(v && std::isfinite(*v) ? QJsonValue(*v) : QJsonValue(QJsonValue::Null));
    }
    void integer(std::optional<std::int64_t> v) {
        put(v ? QJsonValue(static_cast<qint64>(*v)) : QJsonValue(QJsonValue::Null));
    }
    void boolean(bool v) { put(v); }
    void string(std::string_view s) {
        put(QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())));
    }
    void null() { put(QJsonValue(QJsonValue::Null)); }

    QJsonObject object() const { return m_result.toObject(); }

private:
    void put(const QJsonValue &v) {
        if (m_stack.empty())
            m_result = v;
        else if (auto *o = std::get_if<QJsonObject>(&m_stack.back().value))
            o->insert(m_key, v);
        else
            std::get<QJsonArray>(m_stack.back().value).append(v);
    }
    void pop() {
        Frame f = std::move(m_stack.back());
        m_stack.pop_back();
        m_key = f.keyInParent;
        put(std::holds_alternative<QJsonObject>(f.value)
                ? QJsonValue(std::get<QJsonObject>(f.value))
                : QJsonValue(std::get<QJsonArray>(f.value)));
    }

    struct Frame {
        std::variant<QJsonObject, QJsonArray> value;
        QString keyInParent;
    };
    std::vector<Frame> m_stack;
    QString m_key;
    QJsonValue m_result;
};

template <class Out> void writeGates(Out &o, const GateReport &report) {
    o.beginObject();
    for (const GateResult &g : report.gates) {
        o.key(gateKey(g.id));
        o.beginObject();
        o.key("pass");
        o.boolean(g.pass);
        o.key("value");
        o.number(g.value);
        o.key("threshold");
        o.number(g.threshold);
        o.key("reason");
        o.string(g.reason());
        o.endObject();
    }
    o.endObject();
}

template <class Out> void writeContract(Out &o, const OptionContract &c, const GateReport *gates) {
    const std::optional<Quote> &q = c.quote;
    const auto greek = [&](double Greeks::*m) {
        return c.greeks ? std::optional<double>(*c.greeks.*m) : std::nullopt;
    };
    o.beginObject();
    o.key("symbol");
    o.string(c.symbol);
    o.key("root");
    o.string(c.root);
    o.key("type");
    o.string(toString(c.type));
    o.key("strike");
    o.number(c.strike);
    o.key("expiration");
    if (c.expiry.ok())
        o.string(formatDate(c.expiry));
    else
        o.null();
    o.key("bid");
    o.number(q ? std::optional<double>(q->bid) : std::nullopt);
    o.key("ask");
    o.number(q ? std::optional<double>(q->ask) : std::nullopt);
    o.key("mid");
    o.number(q ? std::optional<double>(mid(*q)) : std::nullopt);
    o.key("spread_pct");
    o.number(q ? spreadPct(*q) : std::nullopt);
    o.key("volume");
    o.integer(c.volume);
    o.key("open_interest");
    o.integer(c.openInterest);
    o.key("delta");
    o.number(greek(&Greeks::delta));
    o.key("gamma");
    o.number(greek(&Greeks::gamma));
    o.key("theta");
    o.number(greek(&Greeks::theta));
    o.key("vega");
    o.number(greek(&Greeks::vega));
    o.key("iv");
    o.number(c.impliedVol);
    o.key("greeks_source"); // feed, computed (from the mid) or none
    o.string(greeksSourceKey(c));
    o.key("multiplier");
    o.number(c.multiplier);
    o.key("tradeable");
    if (gates)
        o.boolean(gates->tradeable());
    else
        o.null();
    o.key("gates");
    if (gates)
        writeGates(o, *gates);
    else
        o.null();
    o.endObject();
}

} // namespace

QJsonObject contractJson(const OptionContract &c, const GateReport *gates) {
    JsonTree tree;
    writeContract(tree, c, gates);
    return tree.object();
}

void writeContractJson(JsonWriter &out, const OptionContract &c, const GateReport *gates) {
    writeContract(out, c, gates);
}

QJsonObject gatesJson(const GateReport &report) {
    JsonTree tree;
    writeGates(tree, report);
    return tree.object();
}

} // namespace cg
