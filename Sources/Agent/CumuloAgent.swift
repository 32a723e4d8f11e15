import AgentRuntime
@main struct CumuloAgent { static func main() {} }
