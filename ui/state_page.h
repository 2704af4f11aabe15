#pragma once
// What the central area shows instead of the chain: loading (with a busy bar), no symbol, no
// options found, or an API error with its message and a Retry button.

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace cg::ui {

class StatePage : public QWidget {
    Q_OBJECT
public:
    explicit StatePage(QWidget *parent = nullptr);

    void showLoading(const QString &symbol);
    void showNoSymbol();
    void showNotFound(const QString &symbol);
    void showError(const QString &symbol, const QString &message);

    QString title() const;
    QString message() const;
    QPushButton *retryButton() const { return m_retry; }

Q_SIGNALS:
    void retryRequested();

private:
    void show(const QString &title, const QString &message, bool busy, bool retry, bool error);

    QLabel *m_title;
    QLabel *m_message;
    QProgressBar *m_busy;
    QPushButton *m_retry;
};

} // namespace cg::ui
