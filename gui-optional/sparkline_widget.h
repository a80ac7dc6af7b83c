// SparklineWidget: a small line chart of the last N values (packets/s over time), drawn with
// QPainter; no Qt Charts dependency. GUI thread.
#pragma once

#include <QString>
#include <QWidget>
#include <deque>

namespace luacap::viewer {

class SparklineWidget : public QWidget {
    Q_OBJECT
public:
    explicit SparklineWidget(QWidget *parent = nullptr);

    void addValue(double value);
    void clear();
    void setCaption(const QString &caption) { caption_ = caption; update(); }
    const std::deque<double> &values() const { return values_; }
    QSize sizeHint() const override { return {320, 80}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    std::deque<double> values_;
    size_t capacity_ = 120;
    QString caption_;
};

} // namespace luacap::viewer
