import Vapor

/// Registers every controller. Each route comes from `SiteRoute`, which also states how its GETs
/// may be cached (`RouteCacheMiddleware` applies that); no controller adds a path of its own.
func routes(_ app: Application) throws {
    for collection: any RouteCollection in [
        OperationsController(apiDescription: try APIContract.json(serverURL: app.loa.settings.publicURL)), AttachmentController(),
        PortalController(), FeedsController(), PortalAPIController(),
        PetitionController(), OpenDataController(), ConsultationController(), ConsultationAPIController(),
        PetitionAPIController(), Open311Controller(), ZaloWebhookController(), SearchController(), EditorialAPIController(),
        AccountController(), StaffNoticeController(), TwoFactorController(), PasswordResetController(), EditorController(),
        PetitionConsoleController(),
        ZaloConsoleController(), DashboardController(), JobConsoleController(), ConsultationConsoleController(),
    ] {
        try app.register(collection: collection)
    }
}
