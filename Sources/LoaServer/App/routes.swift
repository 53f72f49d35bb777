import Vapor

func routes(_ app: Application) throws {
    try app.register(collection: OperationsController())
    try app.register(collection: AttachmentController())
    // Everything the public reads gets an ETag and goes through the rendered-page cache.
    let publicRoutes = app.grouped(
        PublicCacheMiddleware(cache: app.loa.pageCache, securityHeaders: SecurityHeadersMiddleware(settings: app.loa.settings)))
    try publicRoutes.register(collection: PortalController())
    try publicRoutes.register(collection: FeedsController())
    try publicRoutes.register(collection: APIController())
    try publicRoutes.register(collection: PetitionController())
    try publicRoutes.register(collection: OpenDataController())
    try app.register(collection: PetitionController.Private())
    try publicRoutes.register(collection: ConsultationController())
    try app.register(collection: ConsultationController.Private())
    try app.register(collection: ConsultationAPIController())
    try app.register(collection: PetitionAPIController())
    try app.register(collection: Open311Controller())
    try app.register(collection: ZaloWebhookController())
    // Search answers carry ETags but are not stored: every search that finds nothing is counted.
    try app.grouped(PublicCacheMiddleware(cache: nil, securityHeaders: SecurityHeadersMiddleware(settings: app.loa.settings)))
        .register(collection: SearchController())
    try app.register(collection: StaffAPIController())
    try app.register(collection: AccountController())
    try app.register(collection: TwoFactorController())
    try app.register(collection: PasswordResetController())
    try app.register(collection: EditorController())
    try app.register(collection: PetitionConsoleController())
    try app.register(collection: ZaloConsoleController())
    try app.register(collection: DashboardController())
    try app.register(collection: JobConsoleController())
    try app.register(collection: ConsultationConsoleController())
}
