// SparklineWidget implementation (GUI thread).
#include "sparkline_widget.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace luacap::viewer {

SparklineWidget::SparklineWidget(QWidget *parent) : QWidget(parent)
{
    setMinimumHeight(60);
}

void SparklineWidget::addValue(double value)
{
    values_.push_back(value);
    while (values_.size() > capacity_)
        values_.pop_front();
    update();
}

void SparklineWidget::clear()
{
    values_.clear();
    update();
}

void SparklineWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = rect().adjusted(4, 18, -4, -4);
    painter.fillRect(rect(), palette().base());
    const double top = values_.empty() ? 0 : *std::max_element(values_.begin(), values_.end());
    painter.drawText(rect().adjusted(4, 2, -4, 0), Qt::AlignLeft | Qt::AlignTop,
                     QStringLiteral("%1  (last %2, max %3)").arg(caption_)
                         .arg(values_.empty() ? 0 : values_.back(), 0, 'f', 0).arg(top, 0, 'f', 0));
    if (values_.size() < 2)
        return;
    const double scale = top > 0 ? area.height() / top : 0;
    const double step = area.width() / double(capacity_ - 1);
    QPainterPath path;
    double x = area.right() - step * double(values_.size() - 1);
    for (size_t i = 0; i < values_.size(); ++i, x += step) {
        const QPointF point(x, area.bottom() - values_[i] * scale);
        i == 0 ? path.moveTo(point) : path.lineTo(point);
    }
    painter.setPen(QPen(palette().highlight(), 1.5));
    painter.drawPath(path);
}

} // namespace luacap::viewer
