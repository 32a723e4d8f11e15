/// The handlers of every template and ISO command.
enum ImagesHandlerTable {
    static func table(_ images: ImageHandlers) -> [String: CommandHandler] {
        IsoHandlers.table(images).merging(TemplateHandlers.table(images)) { first, _ in first }
    }
}
