/// The handlers of every template and ISO command.
enum ImagesHandlerTable {
    static let table: [String: CommandHandler] = IsoHandlers.table.merging(TemplateHandlers.table) { first, _ in first }
}
