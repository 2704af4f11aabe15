#pragma once
// Faults the fake Alpaca server injects, for tests of the client's robustness.
//
// Grammar (the --faults option of `chaingate-cli demo-server`):
//   spec     := "" | "none" | item ( "," item )*        whitespace around items is ignored
//   item     := "latency=" duration        delay every response by that long
//             | "429-burst=" count         answer the next N requests 429 rate limit exceeded
//                                          (X-RateLimit-Remaining: 0, X-RateLimit-Reset set)
//             | "500s=" count              answer the next N requests 500
//                                          {"code":50010000,"message":"internal server error
//                                          occurred"}
//             | "drop-order-response=" count
//                                          accept the next N POST /v2/orders (the order exists
//                                          server-side) and close the connection unanswered.
//                                          QNetworkAccessManager (Qt 6.4) then re-sends the POST
//                                          on its own; a resend with the same client_order_id is
//                                          refused as a duplicate and that answer is dropped too,
//                                          so the client sees RemoteHostClosedError. (Without a
//                                          client_order_id the resend would place a second order,
//                                          as it would on Alpaca: always send one.)
//             | "malformed=" count         the next N successful JSON answers carry a broken body
//             | "truncated=" count         the next N successful JSON answers stop halfway through
//                                          their Content-Length and the connection closes
//             | "slow-stream=" duration    the option stream sends its batches this far apart
//                                          (instead of every 100 ms); not used by REST
//             | "rate-limit=" count        a real limit: more than N requests in a minute get 429
//             | "stream-disconnect=" duration
//                                          every so often, close every stream connection (option
//                                          quotes and trade updates); clients must reconnect
//             | "stream-silence=" duration the option stream alternates: that long with data,
//                                          then that long with nothing at all (connection open)
//             | "stream-malformed=" count  the next N option stream data frames are broken (cut
//                                          short, "T" not first, a text price, JSON)
//             | "on=" path-prefix          counted faults (429, 500, malformed, truncated) only hit
//                                          requests whose path starts with the prefix, e.g.
//                                          on=/v2/account
//   duration := digits ( "ms" | "s" )?     a bare number is milliseconds
//   count    := digits
// Example: "latency=200ms,429-burst=3,500s=2,drop-order-response=1,malformed=1,truncated=1"
// Counted faults apply in the order 429, 500, then the response faults; each request consumes
// at most one of them. Authentication is checked first: refused requests consume nothing.

#include "domain/result.h"

#include <QString>

#include <chrono>
#include <optional>

namespace cg::fake {

struct FaultSpec {
    std::chrono::milliseconds latency{0};
    int burst429 = 0;
    int errors500 = 0;
    int dropOrderResponses = 0;
    int malformed = 0;
    int truncated = 0;
    std::chrono::milliseconds slowStream{0};
    int rateLimitPerMinute = 0;                    // 0: not enforced
    QString pathPrefix;                            // empty: every path
    std::chrono::milliseconds streamDisconnect{0}; // period; 0: never
    std::chrono::milliseconds streamSilence{0};    // half period of the data/silence cycle
    int streamMalformed = 0;

    bool isEmpty() const;
    // Back to the spec grammar (counts as they stand now).
    QString toString() const;

    // "Unknown fault 'foo' (known: latency, 429-burst, ...)" and the like on bad input.
    static cg::Result<FaultSpec> parse(const QString &text);
};

} // namespace cg::fake
