import ScaleCore

// Declared once: building a kind from a string literal takes the registry's lock on every call.
extension MessageKind {
    static let userCreate = MessageKind("create")
    static let userGet = MessageKind("get")
    static let userUpdate = MessageKind("update")
    static let userDelete = MessageKind("delete")
    static let userFindByEmail = MessageKind("find-by-email")
    static let reserveEmail = MessageKind("reserve-email")
    static let releaseEmail = MessageKind("release-email")
    static let indexLookup = MessageKind("index-lookup")
    static let scatterFind = MessageKind("scatter-find")
}
