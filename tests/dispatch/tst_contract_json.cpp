// The contract JSON of `chain --json` and a decision's "selected": the bytes JsonWriter writes
// and the QJsonObject carry the same document, for full, empty and hostile contracts.

#include "dispatch/contract_json.h"
#include "dispatch/json_writer.h"
#include "domain/gates.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <limits>

using namespace cg;
using namespace std::chrono;

namespace {

OptionContract fullContract() {
    OptionContract c;
    c.symbol = "SPY251219C00600000";
    c.root = "SPY";
    c.underlying = "SPY";
    c.type = OptionType::Call;
    c.strike = 600;
    c.expiry = year{2025} / December / 19;
    c.quote = Quote{1.25, 1.30, 10, 12, Timestamp{}};
    c.greeks = Greeks{0.41, 0.02, -0.11, 0.35, 0.05};
    c.impliedVol = 0.1452;
    c.openInterest = 1234;
    c.volume = 987;
    return c;
}

QJsonObject written(const OptionContract &c, const GateReport *gates) {
    QByteArray bytes;
    JsonWriter w(bytes);
    writeContractJson(w, c, gates);
    QJsonParseError e{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &e);
    if (e.error != QJsonParseError::NoError)
        qWarning() << "not JSON:" << e.errorString() << bytes.left(400);
    return doc.object();
}

} // namespace

class TestContractJson : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bytesAndTreeAgree() {
        const OptionContract c = fullContract();
        const GateReport gates =
            evaluateGates(c, GateThresholds{}, sys_days{year{2025} / December / 1} + 15h);
        const QJsonObject bytes = written(c, &gates);
        QCOMPARE(bytes, contractJson(c, &gates));
        QCOMPARE(bytes.value(QStringLiteral("symbol")).toString(),
                 QStringLiteral("SPY251219C00600000"));
        QCOMPARE(bytes.value(QStringLiteral("expiration")).toString(),
                 QStringLiteral("2025-12-19"));
        QCOMPARE(bytes.value(QStringLiteral("open_interest")).toInteger(), 1234);
        QCOMPARE(bytes.value(QStringLiteral("gates")).toObject().size(), 5);
        QVERIFY(bytes.value(QStringLiteral("gates"))
                    .toObject()
                    .value(QStringLiteral("spread"))
                    .toObject()
                    .value(QStringLiteral("pass"))
                    .toBool());
    }

    void unknownsAreNull() {
        OptionContract c = fullContract();
        c.quote.reset();
        c.greeks.reset();
        c.impliedVol = std::numeric_limits<double>::quiet_NaN();
        c.openInterest.reset();
        const QJsonObject bytes = written(c, nullptr);
        QCOMPARE(bytes, contractJson(c, nullptr));
        for (const char *k : {"bid", "ask", "mid", "spread_pct", "delta", "iv", "open_interest",
                              "tradeable", "gates"})
            QVERIFY2(bytes.value(QLatin1String(k)).isNull(), k);
    }

    void hostileTextIsEscaped() {
        OptionContract c = fullContract();
        c.symbol = std::string("A\"B\\C\nD\x01", 8);
        const QJsonObject bytes = written(c, nullptr);
        QCOMPARE(bytes.value(QStringLiteral("symbol")).toString(),
                 QString::fromLatin1("A\"B\\C\nD\x01"));
    }

    void documentsNestAndIndent() {
        QByteArray bytes;
        JsonWriter w(bytes);
        w.beginObject();
        w.key("empty");
        w.beginArray();
        w.endArray();
        w.key("list");
        w.beginArray();
        w.integer(1);
        w.number(2.5);
        w.boolean(false);
        w.null();
        w.endArray();
        w.endObject();
        QCOMPARE(bytes,
                 QByteArray("{\n    \"empty\": [],\n    \"list\": [\n        1,\n        2.5,\n"
                            "        false,\n        null\n    ]\n}\n"));
    }
};

QTEST_GUILESS_MAIN(TestContractJson)
#include "tst_contract_json.moc"
