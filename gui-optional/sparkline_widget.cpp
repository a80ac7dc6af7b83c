// SparklineWidget implementation (GUI thread).
#include "sparkline_widget.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace luacap::viewer {

namespace {
// Distinct, readable on light and dark bases; series beyond these reuse them.
const QColor kColors[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28), QColor(0x2c, 0xa0, 0x2c),
                          QColor(0xff, 0x7f, 0x0e), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b)};

QString number(double v)
{
    return QString::number(v, 'f', v != 0 && v < 10 ? 1 : 0);
}
} // namespace

SparklineWidget::SparklineWidget(QWidget *parent) : QWidget(parent)
{
    setMinimumHeight(60);
}

void SparklineWidget::addValues(const std::vector<double> &values)
{
    if (series_.size() < values.size())
        series_.resize(values.size());
    for (size_t i = 0; i < values.size(); ++i) {
        series_[i].push_back(values[i]);
        while (series_[i].size() > capacity_)
            series_[i].pop_front();
    }
    unavailable_ = false;
    update();
}

void SparklineWidget::markUnavailable()
{
    unavailable_ = true;
    update();
}

void SparklineWidget::clear()
{
    series_.clear();
    unavailable_ = false;
    update();
}

const std::deque<double> &SparklineWidget::values() const
{
    static const std::deque<double> none;
    return series_.empty() ? none : series_.front();
}

double SparklineWidget::top() const
{
    if (fixedMax_ > 0)
        return fixedMax_;
    double top = 0;
    for (const auto &values : series_) {
        if (!values.empty())
            top = std::max(top, *std::max_element(values.begin(), values.end()));
    }
    return top;
}

QString SparklineWidget::summary() const
{
    if (unavailable_ && series_.empty())
        return tr("%1: not reported by the daemon").arg(caption_);
    QStringList last;
    for (const auto &values : series_)
        last << (values.empty() ? QStringLiteral("-") : number(values.back()) + unit_);
    return tr("%1  now %2  (scale %3%4)").arg(caption_, last.isEmpty() ? QStringLiteral("-") : last.join(" / "),
                                             number(top()), unit_);
}

void SparklineWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), palette().base());
    painter.setPen(palette().text().color());
    painter.drawText(rect().adjusted(4, 2, -4, 0), Qt::AlignLeft | Qt::AlignTop, summary());
    const QRectF area = rect().adjusted(4, 18, -4, -4);
    const double max = top();
    const double scale = max > 0 ? area.height() / max : 0;
    for (size_t i = 0; i < series_.size(); ++i)
        drawSeries(painter, area, series_[i], scale, kColors[i % std::size(kColors)]);
}

void SparklineWidget::drawSeries(QPainter &painter, const QRectF &area, const std::deque<double> &values,
                                 double scale, const QColor &color) const
{
    if (values.size() < 2)
        return;
    const double step = area.width() / double(capacity_ - 1);
    QPainterPath path;
    double x = area.right() - step * double(values.size() - 1);
    for (size_t i = 0; i < values.size(); ++i, x += step) {
        const QPointF point(x, area.bottom() - std::min(values[i] * scale, area.height()));
        i == 0 ? path.moveTo(point) : path.lineTo(point);
    }
    painter.setPen(QPen(color, 1.5));
    painter.drawPath(path);
}

} // namespace luacap::viewer
