extension Commands {
    /// `listEvents`: lists events.
    public static let listEvents = CommandDescriptor(
        "listEvents", "Lists the audit trail of actions the caller may see.", access: .user, response: .list(.event),
        params: [
            .uuid("id", "Only the event with this id", of: "event"),
            .string("type", "Only events of this type (VM.CREATE, USER.LOGIN, …)"),
            .string("level", "Only events of this level (INFO, WARN, ERROR)"),
            .date("startdate", "Only events from this time on (yyyy-MM-dd or yyyy-MM-dd HH:mm:ss)"),
            .date("enddate", "Only events up to this time (yyyy-MM-dd or yyyy-MM-dd HH:mm:ss)"),
            .integer("duration", "Only events of actions that took longer than this many seconds"),
            .integer("entrytime", "Only events of actions still open after this many seconds"),
            .uuid("startid", "Only this event and the events that follow from it", of: "event"),
            .string("resourceid", "Only events about the object with this id"),
            .string("resourcetype", "Only events about objects of this kind"),
            .boolean("archived", "Only archived events, or only current ones"),
            .string("state", "Only events in this state (Created, Scheduled, Started, Completed)"),
        ] + .accountScope + .paging)

    /// `listAlerts`: lists alerts.
    public static let listAlerts = CommandDescriptor(
        "listAlerts", "Lists notices raised for administrators about capacity and failures.",
        access: .rootAdmin, response: .list(.alert),
        params: [
            .uuid("id", "Only the alert with this id", of: "alert"),
            .string("type", "Only alerts of this type number"),
            .string("name", "Only alerts of this type name"),
        ] + .paging)
}
