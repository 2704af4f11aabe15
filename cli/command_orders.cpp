// chaingate-cli orders [--status open|closed|all] [--limit N] [--json]: orders, newest first.

#include "alpaca/rfc3339.h"
#include "cli/alpaca_session.h"
#include "cli/await_result.h"
#include "cli/broker_json.h"
#include "cli/output.h"
#include "cli/text_table.h"

#include <QJsonArray>

namespace cg::cli {

int runOrders(const QStringList &args) {
    constexpr const char *kUsage = "orders [--status open|closed|all] [--limit N] [--json]";
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("status"), QStringLiteral("open (default), closed or all."),
         QStringLiteral("STATUS")},
        {QStringLiteral("limit"), QStringLiteral("At most N orders (1-500, default 50)."),
         QStringLiteral("N")},
    });
    return runWithSession(
        parser, args, kUsage, [&parser](const CommandLine &cl, AlpacaSession &session) {
            OrderListStatus status = OrderListStatus::Open;
            const QString s = parser.value(QStringLiteral("status")).toLower();
            if (s == QLatin1String("closed"))
                status = OrderListStatus::Closed;
            else if (s == QLatin1String("all"))
                status = OrderListStatus::All;
            else if (!s.isEmpty() && s != QLatin1String("open"))
                return fail(QStringLiteral("--status must be open, closed or all"));
            int limit = 50;
            if (parser.isSet(QStringLiteral("limit"))) {
                bool ok = false;
                limit = parser.value(QStringLiteral("limit")).toInt(&ok);
                if (!ok || limit < 1 || limit > 500)
                    return fail(QStringLiteral("--limit must be a number from 1 to 500"));
            }

            auto orders = awaitResult<std::vector<Order>>(
                [&](auto done) { session.client().orders(status, limit, done); });
            if (!orders)
                return fail(QString::fromStdString(orders.error().message));

            if (cl.global.json) {
                QJsonArray list;
                for (const Order &o : *orders)
                    list.append(orderJson(o));
                printJson(QJsonDocument(list));
                return 0;
            }
            if (orders->empty()) {
                printText(status == OrderListStatus::All
                              ? QStringLiteral("No orders (%1).").arg(session.modeName())
                              : QStringLiteral("No %1 orders (%2).")
                                    .arg(status == OrderListStatus::Open ? QStringLiteral("open")
                                                                         : QStringLiteral("closed"),
                                         session.modeName()));
                return 0;
            }
            TextTable t({QStringLiteral("CREATED"), QStringLiteral("SYMBOL"),
                         QStringLiteral("SIDE"), QStringLiteral("TYPE"), QStringLiteral("QTY>"),
                         QStringLiteral("FILLED>"), QStringLiteral("LIMIT>"),
                         QStringLiteral("AVG FILL>"), QStringLiteral("STATUS"),
                         QStringLiteral("ID")});
            for (const Order &o : *orders)
                t.addRow({QString::fromStdString(alpaca::formatRfc3339(o.createdAt)).left(19),
                          QString::fromStdString(o.symbol),
                          o.side == OrderSide::Buy ? QStringLiteral("buy") : QStringLiteral("sell"),
                          QString::fromLatin1(orderTypeName(o.type)),
                          QString::number(o.qty, 'g', 10), QString::number(o.filledQty, 'g', 10),
                          fixedOrDash(o.limitPrice, 2), fixedOrDash(o.filledAvgPrice, 2),
                          QString::fromStdString(o.status), QString::fromStdString(o.id)});
            printText(t.toString());
            return 0;
        });
}

} // namespace cg::cli
