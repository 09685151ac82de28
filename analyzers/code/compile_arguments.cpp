#include "analyzers/code/compile_arguments.hpp"

#include <clang/Driver/Options.h>
#include <llvm/Option/ArgList.h>
#include <llvm/Option/OptTable.h>
#include <set>

namespace medic::code {
namespace {

constexpr const char* k_resource_dir = "-resource-dir=" MEDIC_CLANG_RESOURCE_DIR;

clang::tooling::CommandLineArguments
drop_unknown(const clang::tooling::CommandLineArguments& args) {
    if (args.size() < 2)
        return args;
    std::vector<const char*> argv;
    for (std::size_t i = 1; i < args.size(); ++i)
        argv.push_back(args[i].c_str());
    unsigned missing_index = 0;
    unsigned missing_count = 0;
    auto const parsed =
        clang::driver::getDriverOptTable().ParseArgs(argv, missing_index, missing_count);
    std::set<unsigned> unknown;
    for (const llvm::opt::Arg* arg : parsed)
        if (arg->getOption().getID() == clang::driver::options::OPT_UNKNOWN)
            unknown.insert(arg->getIndex());
    clang::tooling::CommandLineArguments kept{args.front()};
    for (std::size_t i = 1; i < args.size(); ++i)
        if (!unknown.contains(static_cast<unsigned>(i - 1)))
            kept.push_back(args[i]);
    return kept;
}

} // namespace

clang::tooling::ArgumentsAdjuster clang_compatible_arguments() {
    using namespace clang::tooling;
    auto const filter = [](const CommandLineArguments& args, llvm::StringRef) {
        return drop_unknown(args);
    };
    return combineAdjusters(
        combineAdjusters(getClangStripOutputAdjuster(), filter),
        getInsertArgumentAdjuster({k_resource_dir, "-Wno-unknown-warning-option", "-fsyntax-only",
                                   "-fno-caret-diagnostics"},
                                  ArgumentInsertPosition::END));
}

} // namespace medic::code
