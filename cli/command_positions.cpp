// chaingate-cli positions [--json]: open positions with P&L.

#include "cli/alpaca_session.h"
#include "cli/await_result.h"
#include "cli/broker_json.h"
#include "cli/output.h"
#include "cli/text_table.h"

#include <QJsonArray>

namespace cg::cli {

int runPositions(const QStringList &args) {
    QCommandLineParser parser;
    return runWithSession(
        parser, args, "positions [--json]", [](const CommandLine &cl, AlpacaSession &session) {
            auto positions = awaitResult<std::vector<Position>>(
                [&](auto done) { session.client().positions(done); });
            if (!positions)
                return fail(QString::fromStdString(positions.error().message));

            if (cl.global.json) {
                QJsonArray list;
                for (const Position &p : *positions)
                    list.append(positionJson(p));
                printJson(QJsonDocument(list));
                return 0;
            }
            if (positions->empty()) {
                printText(QStringLiteral("No open positions (%1).").arg(session.modeName()));
                return 0;
            }
            TextTable t({QStringLiteral("SYMBOL"), QStringLiteral("CLASS"), QStringLiteral("QTY>"),
                         QStringLiteral("AVG ENTRY>"), QStringLiteral("PRICE>"),
                         QStringLiteral("VALUE>"), QStringLiteral("UNREALIZED P&L>"),
                         QStringLiteral("P&L%>")});
            for (const Position &p : *positions)
                t.addRow({QString::fromStdString(p.symbol), QString::fromStdString(p.assetClass),
                          QString::number(p.qty, 'g', 10), QString::number(p.avgEntryPrice, 'f', 2),
                          QString::number(p.currentPrice, 'f', 2),
                          QString::number(p.marketValue, 'f', 2),
                          QString::number(p.unrealizedPl, 'f', 2),
                          QString::number(p.unrealizedPlPct * 100, 'f', 2)});
            printText(t.toString());
            return 0;
        });
}

} // namespace cg::cli
