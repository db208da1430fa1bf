fn main() -> std::process::ExitCode {
    antq::cli::main()
}
