#include "cli/output.h"

#include <cstdio>

namespace cg::cli {

void printJson(const QJsonDocument &doc) {
    printJsonBytes(doc.toJson(QJsonDocument::Indented));
}

void printJsonLine(const QJsonDocument &doc) {
    printJsonBytes(doc.toJson(QJsonDocument::Compact) + '\n');
}

void printJsonBytes(const QByteArray &bytes) {
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stdout);
    std::fflush(stdout);
}

void printText(const QString &text) {
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stdout);
    if (!bytes.endsWith('\n'))
        std::fputc('\n', stdout);
    std::fflush(stdout);
}

int fail(const QString &message) {
    const QByteArray line = QStringLiteral("chaingate-cli: %1\n").arg(message).toUtf8();
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stderr);
    return 1;
}

} // namespace cg::cli
