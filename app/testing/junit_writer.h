// JunitWriter: the JUnit XML report of a `luacap test` run for CI (main thread): one
// testsuite, one testcase per case, a <failure> with the diff or an <error> when the case
// could not run.
#pragma once

#include <QString>
#include <vector>

#include "testing/case_runner.h"
#include "testing/test_case.h"

namespace luacap::app::testing {

class JunitWriter {
public:
    static bool write(const QString &path, const std::vector<TestCase> &cases, const std::vector<CaseResult> &results,
                      QString *error);
};

} // namespace luacap::app::testing
