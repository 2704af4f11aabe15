// chaingate: builds the desktop object graph and shows the main window.

#include "ui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("chaingate"));
    QApplication::setOrganizationName(QStringLiteral("ChainGate"));
    QApplication::setApplicationVersion(QStringLiteral(CHAINGATE_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/chaingate.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("ChainGate options trading console"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Save a PNG of the window and exit."),
                                  QStringLiteral("FILE"));
    parser.addOption(screenshot);
    parser.process(app);

    cg::ui::MainWindow window;
    window.show();
    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        QTimer::singleShot(500, &window, [&window, file] {
            const bool ok = window.grab().save(file, "PNG");
            QApplication::exit(ok ? 0 : 1);
        });
    }
    return app.exec();
}
