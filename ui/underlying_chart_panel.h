#pragma once
// The "Underlying" dock: the shown symbol's price as candles (today's 5-minute bars, or about six
// months of daily bars), with the expected move of the nearest expiry's at-the-money straddle
// drawn as a band of +- that move around the last price, labelled with the expiry. Bars come from
// the chain session's MarketData (Alpaca's stock bars endpoint, or the DEMO server's).

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QCustomPlot;
class QCPFinancial;
class QCPItemRect;
class QCPItemStraightLine;
class QCPItemText;
class QLabel;
class QToolButton;

namespace cg::models {
class ChainSession;
}

namespace cg::ui {

class UnderlyingChartPanel : public QWidget {
    Q_OBJECT
public:
    enum class Range { Intraday, Daily };

    // The session must outlive the panel.
    explicit UnderlyingChartPanel(models::ChainSession &session, QWidget *parent = nullptr);

    Range range() const { return m_range; }
    void setRange(Range range);
    // Bars on screen, and the expected move drawn (0 when none): for tests.
    int barCount() const { return m_barCount; }
    double expectedMove() const { return m_move; }
    QString statusText() const;
    QCustomPlot *plot() const { return m_plot; }

public Q_SLOTS:
    // Reads the bars again (the symbol or range changed, or the timer ran).
    void reload();

private:
    void clear(const QString &why);
    void updateBand();
    void applyColors();
    void fitRanges();

    models::ChainSession &m_session;
    Range m_range = Range::Intraday;
    QToolButton *m_intraday;
    QToolButton *m_daily;
    QLabel *m_title;
    QLabel *m_status;
    QCustomPlot *m_plot;
    QCPFinancial *m_candles = nullptr;
    QCPItemRect *m_band = nullptr;
    QCPItemStraightLine *m_last = nullptr;
    QCPItemText *m_bandLabel = nullptr;
    QTimer m_timer;
    quint64 m_generation = 0;
    QString m_symbol; // of the bars shown
    int m_barCount = 0;
    double m_lastClose = 0.0;
    double m_move = 0.0;
    double m_barSeconds = 300.0;
};

} // namespace cg::ui
