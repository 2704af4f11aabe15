#pragma once
// Alpaca answers that have no domain type of their own: the market clock, one page of the
// option chain, one page of option contract metadata.

#include "domain/contract.h"
#include "domain/quote.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cg::alpaca {

struct MarketClock {
    Timestamp timestamp{};
    bool isOpen = false;
    Timestamp nextOpen{};
    Timestamp nextClose{};
};

// Contracts a page could not use, counted rather than failing the whole chain.
struct SkipLog {
    int count = 0;
    std::vector<std::string> examples; // the first few reasons, for the log

    void add(std::string reason) {
        ++count;
        if (examples.size() < 5)
            examples.push_back(std::move(reason));
    }
    void merge(const SkipLog &other) {
        count += other.count;
        for (const auto &e : other.examples)
            if (examples.size() < 5)
                examples.push_back(e);
    }
};

// One page of GET /v1beta1/options/snapshots/{underlying}: the contracts are appended to the
// caller's vector (the hot path avoids a copy per page).
struct ChainPageInfo {
    int contracts = 0; // appended
    std::optional<std::string> nextPageToken;
    SkipLog skipped;
};

// One entry of GET /v2/options/contracts.
struct ContractInfo {
    std::string symbol;
    std::string underlying;
    std::string status;
    bool tradable = false;
    std::optional<std::int64_t> openInterest;
    double multiplier = 100.0;
    std::optional<double> closePrice;
};

struct ContractsPage {
    std::vector<ContractInfo> contracts;
    std::optional<std::string> nextPageToken;
    SkipLog skipped;
};

} // namespace cg::alpaca
