// SparklineWidget: a small line chart of the last N samples of one or more series (packets/s,
// per-thread load, ...) drawn with QPainter; no Qt Charts dependency. A chart whose value
// the daemon does not report says so instead of drawing a flat line. GUI thread.
#pragma once

#include <QString>
#include <QWidget>
#include <deque>
#include <vector>

namespace luacap::viewer {

class SparklineWidget : public QWidget {
    Q_OBJECT
public:
    explicit SparklineWidget(QWidget *parent = nullptr);

    void addValue(double value) { addValues({value}); }
    // One value per series; a sample with more series than before adds series.
    void addValues(const std::vector<double> &values);
    // Nothing to chart in this poll: the daemon does not report the value (shown as such).
    void markUnavailable();
    void clear();
    void setCaption(const QString &caption) { caption_ = caption; update(); }
    // The y axis runs to max (e.g. 100 for percentages) instead of the largest value.
    void setFixedMax(double max) { fixedMax_ = max; update(); }
    void setUnit(const QString &unit) { unit_ = unit; update(); }

    // The first series (empty when none).
    const std::deque<double> &values() const;
    size_t seriesCount() const { return series_.size(); }
    const std::deque<double> &series(size_t i) const { return series_[i]; }
    bool unavailable() const { return unavailable_; }
    QString caption() const { return caption_; }
    // The caption line as drawn: caption, last values and the scale.
    QString summary() const;
    QSize sizeHint() const override { return {320, 80}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    double top() const;
    void drawSeries(QPainter &painter, const QRectF &area, const std::deque<double> &values, double scale,
                    const QColor &color) const;

    std::vector<std::deque<double>> series_;
    size_t capacity_ = 120;
    double fixedMax_ = 0;
    bool unavailable_ = false;
    QString caption_;
    QString unit_;
};

} // namespace luacap::viewer
