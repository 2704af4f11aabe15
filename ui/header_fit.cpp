#include "ui/header_fit.h"

#include <QAbstractItemModel>
#include <QHeaderView>
#include <QStyle>
#include <QStyleOptionHeader>

namespace cg::ui {

void fitSectionsToTitles(QHeaderView *header) {
    const QAbstractItemModel *model = header->model();
    if (!model)
        return;
    for (int section = 0; section < header->count(); ++section) {
        if (header->isSectionHidden(section) ||
            header->sectionResizeMode(section) != QHeaderView::Interactive)
            continue;
        QStyleOptionHeader opt;
        opt.initFrom(header);
        opt.section = section;
        opt.orientation = header->orientation();
        opt.text = model->headerData(section, header->orientation()).toString();
        opt.sortIndicator = QStyleOptionHeader::SortDown; // room for the arrow, sorted or not
        opt.textAlignment = header->defaultAlignment();
        QFont font = header->font();
        font.setBold(true); // some styles draw the sorted section's title bold
        opt.fontMetrics = QFontMetrics(font);
        const QSize need =
            header->style()->sizeFromContents(QStyle::CT_HeaderSection, &opt, QSize(), header);
        const int width = need.width() + 4;
        if (header->sectionSize(section) < width)
            header->resizeSection(section, width);
    }
}

void keepTitlesReadable(QHeaderView *header) {
    fitSectionsToTitles(header);
    QObject::connect(header, &QHeaderView::sortIndicatorChanged, header,
                     [header] { fitSectionsToTitles(header); });
    QObject::connect(header, &QHeaderView::sectionCountChanged, header,
                     [header] { fitSectionsToTitles(header); });
    if (header->model()) {
        // After views that size their columns to the first rows' content.
        const auto fit = [header] { fitSectionsToTitles(header); };
        QObject::connect(header->model(), &QAbstractItemModel::modelReset, header, fit);
        QObject::connect(header->model(), &QAbstractItemModel::layoutChanged, header, fit);
        QObject::connect(header->model(), &QAbstractItemModel::rowsInserted, header, fit);
    }
}

} // namespace cg::ui
